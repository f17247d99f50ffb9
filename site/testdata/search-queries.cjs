// Runs each query on the search page in headless Chromium, as a reader
// would (/sok/?q=…), and reports the first results shown.
// Input (stdin, JSON): {root, chromium, base, queries: [string]}.
// Output (stdout, JSON): [{query, results: [path]}], results in the order shown.
'use strict';

const fs = require('node:fs');
const { launch } = require('../../internal/browser/launch.cjs');

async function main() {
  const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await launch(cfg);
  try {
    const out = [];
    for (const query of cfg.queries) {
      const page = await browser.newPage();
      await page.goto(cfg.base + '/sok/?q=' + encodeURIComponent(query));
      await page.waitForSelector('#sokeresultat ol.results li, #sokeresultat p', { timeout: 60000 });
      const results = await page.locator('#sokeresultat ol.results > li').evaluateAll(
        (items) => items.map((li) => new URL(li.querySelector('a').href).pathname));
      out.push({ query, results: results.slice(0, 5) });
      await page.close();
    }
    process.stdout.write(JSON.stringify(out));
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
