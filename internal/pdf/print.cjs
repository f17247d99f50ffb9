// Prints pages of a built site to PDF in Chromium, for `ssu build --pdf`.
// Input (stdin, JSON): {root, chromium, dir, base, contentsLinks,
// pages: [{url, out, footer, marks}]}. Each link of contentsLinks to #id
// gets data-page = marks[id], the page the part begins on.
// Every request to base is answered from the site directory dir; any other
// request is refused, so a page prints as the site serves it, with links
// to the site's real address and nothing fetched from the network.
// The Go side (pdf.go) owns every decision; this file only drives the browser.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
// pdf.go writes internal/browser's launch.cjs beside this file.
const { launch } = require('./launch.cjs');

async function main() {
  const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await launch(cfg);
  try {
    const context = await browser.newContext();
    await context.route('**/*', (route) => serve(route, cfg));
    const page = await context.newPage();
    for (const p of cfg.pages) {
      const response = await page.goto(p.url, { waitUntil: 'load', timeout: 30000 });
      if (!response || response.status() !== 200) {
        throw new Error(`${p.url} answered ${response ? response.status() : 'nothing'}`);
      }
      if (p.marks) {
        await page.evaluate(({ selector, marks }) => {
          for (const a of document.querySelectorAll(selector)) {
            const n = marks[decodeURIComponent(a.getAttribute('href').slice(1))];
            if (n) a.dataset.page = String(n);
          }
        }, { selector: cfg.contentsLinks, marks: p.marks });
      }
      await page.pdf({
        path: p.out,
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: p.footer,
      });
    }
    await context.close();
  } finally {
    await browser.close();
  }
}

// serve answers a request for the site from its directory: a path ending
// in / is its index.html.
function serve(route, cfg) {
  const url = route.request().url();
  if (!url.startsWith(cfg.base)) return route.abort('blockedbyclient');
  let rel = decodeURIComponent(new URL(url).pathname.slice(new URL(cfg.base).pathname.length));
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(cfg.dir, rel);
  if (!file.startsWith(path.resolve(cfg.dir) + path.sep) || !fs.existsSync(file)) {
    return route.fulfill({ status: 404, body: '' });
  }
  return route.fulfill({ path: file });
}

main().catch((err) => {
  process.stderr.write(`pdf: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
