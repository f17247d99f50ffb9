// Drives the projects overview's filter in headless Chromium, as a reader
// would: each case opens /prosjekter/ (with its query, as a shared link
// does), chooses the values of its selects one by one and reports the
// projects then shown, the years left and the status line; a case with
// reset presses «Vis alle» last. One visit runs without JavaScript.
// Input (stdin, JSON): {root, chromium, base, cases: [{query, choose: {name: value}, reset}]}.
// Output (stdout, JSON): {cases: [{shown: [path], years: [id], status, address}],
//   noScript: {formHidden, shown: [path]}}.
'use strict';

const fs = require('node:fs');
const { launch } = require('../../internal/browser/launch.cjs');

async function main() {
  const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await launch(cfg);
  const visible = (page) => page.locator('#prosjektliste li').evaluateAll(
    (items) => items.filter((li) => li.checkVisibility()).map((li) => new URL(li.querySelector('a').href).pathname));
  try {
    const out = { cases: [] };
    for (const c of cfg.cases) {
      const page = await browser.newPage();
      await page.goto(cfg.base + '/prosjekter/' + (c.query || ''));
      await page.waitForSelector('#prosjektfilter:not([hidden])');
      for (const [name, value] of Object.entries(c.choose || {})) {
        await page.selectOption(`#filter-${name}`, value);
      }
      if (c.reset) await page.click('#prosjektfilter button[type="reset"]');
      await page.waitForTimeout(50);
      out.cases.push({
        shown: await visible(page),
        years: await page.locator('#prosjektliste section').evaluateAll(
          (sections) => sections.filter((s) => s.checkVisibility()).map((s) => s.querySelector('h2').id)),
        status: await page.locator('#prosjektfilter [role="status"]').innerText(),
        address: new URL(page.url()).search,
      });
      await page.close();
    }
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(cfg.base + '/prosjekter/');
    out.noScript = {
      formHidden: !(await page.locator('#prosjektfilter').isVisible()),
      shown: await visible(page),
    };
    await context.close();
    process.stdout.write(JSON.stringify(out));
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  process.stderr.write(`project-filter: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
