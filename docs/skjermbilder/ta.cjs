// Screenshots of a built site for the before/after note:
//   node docs/skjermbilder/ta.cjs http://127.0.0.1:PORT DIR PREFIX
// home, a report, a project and the key figures, at 1280 and 390 px wide,
// the first 2400 px of each page. Chromium from Debian (/usr/bin/chromium).
const { chromium } = require('playwright-core');

const pages = {
  forside: '/',
  rapport: '/arsrapporter/2025/',
  prosjekt: '/prosjekter/trening-som-medisin/',
  nokkeltall: '/nokkeltall/',
};

(async () => {
  const [base, dir, prefix] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  try {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(base + path, { waitUntil: 'load' });
        const height = Math.min(2400, await page.evaluate(() => document.documentElement.scrollHeight));
        await page.screenshot({ path: `${dir}/${prefix}-${name}-${width}.png`, clip: { x: 0, y: 0, width, height } });
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
})().catch((err) => { console.error(err); process.exit(1); });
