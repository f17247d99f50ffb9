// Package ssu holds what the repository's root gives the binary:
// netlify.toml, Netlify's settings for the public site (headers, caching,
// the 404 page), which a direct deploy carries as the Netlify CLI does.
package ssu

import _ "embed"

// NetlifyTOML is the repository's netlify.toml.
//
//go:embed netlify.toml
var NetlifyTOML []byte
