// Draws the default sharing card (og:image), static/delingskort.png, from
// the neutral mark static/logo.svg and the site's name, in Chromium:
//   node site/testdata/delingskort.cjs
// Run it again after changing the logo or the name; the PNG is committed
// because the build machine has no Chromium.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const staticDir = path.join(__dirname, '..', 'static');
const logo = fs.readFileSync(path.join(staticDir, 'logo.svg'), 'utf8');
const html = `<!doctype html><html lang="nb"><body style="margin:0">
<div style="width:1200px;height:630px;box-sizing:border-box;padding:96px;background:#00315d;color:#fff;
  font-family:system-ui,'Noto Sans',sans-serif;display:flex;flex-direction:column;justify-content:space-between">
  <div style="width:144px;height:144px">${logo.replace('width="48" height="48"', 'width="144" height="144"')}</div>
  <div><div style="font-size:72px;font-weight:700;line-height:1.1">Strategisk samarbeidsutvalg</div>
  <div style="font-size:44px;margin-top:16px">Helsefellesskap Vest-Viken</div></div>
</div></body></html>`;

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
    await page.setContent(html);
    await page.screenshot({ path: path.join(staticDir, 'delingskort.png') });
  } finally {
    await browser.close();
  }
})().catch((err) => { console.error(err); process.exit(1); });
