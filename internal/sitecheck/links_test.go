package sitecheck

import "testing"

func TestCheckLinks(t *testing.T) {
	scenarios := []struct {
		name    string
		dir     string
		baseURL string
		want    []string
	}{
		{
			name:    "every kind of internal link resolves, external ones are left alone",
			dir:     "links/ok",
			baseURL: "https://example.org/",
		},
		{
			name:    "missing files and anchors",
			dir:     "links/broken",
			baseURL: "https://example.org/",
			want: []string{
				`a/index.html:3: <meta content="/flyttet/">: no such file in the site (looked for flyttet/index.html)`,
				`a/index.html:4: <a href="../#a">: no element with id "a" in index.html`,
				`index.html:5: <link href="/css/mangler.css">: no such file in the site (looked for css/mangler.css)`,
				`index.html:9: <a href="/finnes-ikke/">: no such file in the site (looked for finnes-ikke/index.html)`,
				`index.html:10: <a href="a/#mangler">: no element with id "mangler" in a/index.html`,
				`index.html:11: <a href="#ingen">: no element with id "ingen" in index.html`,
				`index.html:12: <a href="https://example.org/borte.html">: no such file in the site (looked for borte.html)`,
				`index.html:13: <a href="../../utenfor.html">: no such file in the site (looked for utenfor.html)`,
				`index.html:14: <img srcset="a/stor.png">: no such file in the site (looked for a/stor.png)`,
				`index.html:15: <script src="app.js">: no such file in the site (looked for app.js)`,
				`_redirects:2: /borte → /borte/: no such file in the site (looked for borte/index.html)`,
				`_redirects:3: "/uten-mal": no target`,
			},
		},
		{
			name:    "with another baseURL host, absolute links are external and not checked",
			dir:     "links/broken",
			baseURL: "https://other.example/",
			want: []string{
				`a/index.html:3: <meta content="/flyttet/">: no such file in the site (looked for flyttet/index.html)`,
				`a/index.html:4: <a href="../#a">: no element with id "a" in index.html`,
				`index.html:5: <link href="/css/mangler.css">: no such file in the site (looked for css/mangler.css)`,
				`index.html:9: <a href="/finnes-ikke/">: no such file in the site (looked for finnes-ikke/index.html)`,
				`index.html:10: <a href="a/#mangler">: no element with id "mangler" in a/index.html`,
				`index.html:11: <a href="#ingen">: no element with id "ingen" in index.html`,
				`index.html:13: <a href="../../utenfor.html">: no such file in the site (looked for utenfor.html)`,
				`index.html:14: <img srcset="a/stor.png">: no such file in the site (looked for a/stor.png)`,
				`index.html:15: <script src="app.js">: no such file in the site (looked for app.js)`,
				`_redirects:2: /borte → /borte/: no such file in the site (looked for borte/index.html)`,
				`_redirects:3: "/uten-mal": no target`,
			},
		},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			res := checkLinks(readFixture(t, sc.dir, sc.baseURL))
			sameLines(t, lines(res.Problems), sc.want)
		})
	}
}

func TestFileFor(t *testing.T) {
	s := &builtSite{basePath: "/ssu/", files: map[string]bool{
		"index.html": true, "a/index.html": true, "a/b.pdf": true, "css/x.css": true,
	}}
	scenarios := []struct {
		urlPath  string
		wantFile string
		wantOK   bool
	}{
		{"/ssu/", "index.html", true},
		{"/ssu", "index.html", true},
		{"/ssu/a/", "a/index.html", true},
		{"/ssu/a", "a/index.html", true},
		{"/ssu/a/index.html", "a/index.html", true},
		{"/ssu/a/b.pdf", "a/b.pdf", true},
		{"/ssu/a/./../css/x.css", "css/x.css", true},
		{"/ssu/b/", "b/index.html", false},
		{"/css/x.css", "css/x.css", false}, // outside the base path
		{"/ssu/../index.html", "../index.html", false},
	}
	for _, sc := range scenarios {
		file, ok := s.fileFor(sc.urlPath)
		if file != sc.wantFile || ok != sc.wantOK {
			t.Errorf("fileFor(%q) = %q, %v; want %q, %v", sc.urlPath, file, ok, sc.wantFile, sc.wantOK)
		}
	}
}
