// Opens the search page with ?q= in a fresh headless Chromium, as a
// visitor's first search, and counts what it fetched under /pagefind/.
// Input (stdin, JSON): {root, chromium, url}.
// Output (stdout, JSON): {Pagefind: bytes, Requests: n, Results: n}.
'use strict';

const fs = require('node:fs');
const { launch } = require('../../../internal/browser/launch.cjs');

async function main() {
  const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await launch(cfg);
  try {
    const page = await browser.newPage();
    const finished = [];
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname.startsWith('/pagefind/')) {
        finished.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
      }
    });
    await page.goto(cfg.url);
    await page.waitForSelector('#sokeresultat ol.results li, #sokeresultat p', { timeout: 60000 });
    await page.waitForLoadState('networkidle');
    const results = await page.locator('#sokeresultat ol.results li').count();
    const sizes = await Promise.all(finished);
    process.stdout.write(JSON.stringify({
      Pagefind: sizes.reduce((a, b) => a + b, 0),
      Requests: sizes.length,
      Results: results,
    }));
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
