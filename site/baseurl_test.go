package site_test

import (
	"net/url"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/site"
)

func TestBaseURL(t *testing.T) {
	got, err := site.BaseURL()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(got)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.Path != "/" {
		t.Errorf("base URL %q; want an https address ending in /", got)
	}
}
