package site

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// BaseURL is the public site's address as hugo.toml gives it, for links
// from the editing server to a published page ("https://…/", with the
// slash). A build may be given another (Options.BaseURL).
func BaseURL() (string, error) {
	data, err := files.ReadFile("hugo.toml")
	if err != nil {
		return "", fmt.Errorf("read hugo.toml: %w", err)
	}
	var cfg struct {
		BaseURL string `toml:"baseURL"`
	}
	if _, err := toml.Decode(string(data), &cfg); err != nil {
		return "", fmt.Errorf("read hugo.toml: %w", err)
	}
	return cfg.BaseURL, nil
}
