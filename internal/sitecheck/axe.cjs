// Runs axe-core in Chromium over a list of URLs, for `ssu check`.
// Input (stdin, JSON): {root, chromium, args, urls, tags, workers, viewports}.
// Output (stdout, JSON): one entry a URL, in input order:
// {url, status, error, views: [{width, height, violations: [{id, impact,
// help, helpUrl, targets}], scrollWidth, clientWidth, wide: [{target,
// right}], titleBottom, startTop}]}, a view for each viewport: axe's
// violations, how wide the document is against the window, the elements
// that reach past the window's right edge, where the h1 ends and where the
// element after it begins.
// The Go side (axe.go) owns every decision;
// this file only drives the browser.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

async function main() {
  const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
  // Resolve the packages from the repository's node_modules, not from
  // wherever this file was written.
  const req = createRequire(path.join(cfg.root, 'package.json'));
  const { chromium } = req('playwright-core');
  const axeSource = fs.readFileSync(req.resolve('axe-core/axe.min.js'), 'utf8');

  const browser = await chromium.launch({
    executablePath: cfg.chromium,
    headless: true,
    args: cfg.args,
  });
  const results = new Array(cfg.urls.length);
  let next = 0;
  async function worker() {
    const context = await browser.newContext();
    // Loaded with every document before its own scripts: as fast as
    // evaluating it after the load, and the page sees no extra <script>.
    await context.addInitScript(axeSource);
    const page = await context.newPage();
    while (next < cfg.urls.length) {
      const i = next++;
      results[i] = await check(page, cfg.urls[i], cfg.tags, cfg.viewports);
    }
    await context.close();
  }
  try {
    const workers = [];
    for (let w = 0; w < Math.max(1, cfg.workers); w++) workers.push(worker());
    await Promise.all(workers);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

async function check(page, url, tags, viewports) {
  const result = { url, status: 0, error: '', views: [] };
  try {
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      const response = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
      result.status = response ? response.status() : 0;
      if (result.status !== 200) return result;
      const axe = await page.evaluate(
        (tags) => window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        }),
        tags,
      );
      const view = await page.evaluate(measure);
      view.width = viewport.width;
      view.height = viewport.height;
      view.violations = axe.violations.map((v) => ({
        id: v.id,
        impact: v.impact || '',
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' >>> ')),
      }));
      result.views.push(view);
    }
  } catch (err) {
    result.error = String(err && err.message ? err.message : err);
  }
  return result;
}

// measure runs in the page: its width against the window's, the deepest
// elements that reach past the right edge (at most five), and where the
// h1 ends and the element after it begins, from the top of the page.
function measure() {
  const root = document.documentElement;
  const clientWidth = root.clientWidth;
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e !== root && parts.length < 4; e = e.parentElement) {
      let part = e.localName;
      if (e.id) part += `#${e.id}`;
      else if (e.classList.length) part += `.${[...e.classList].join('.')}`;
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= clientWidth + 0.5) continue;
    // Inside a box that scrolls or clips sideways it does not widen the page.
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox !== 'visible') { clipped = true; break; }
    }
    if (clipped) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > clientWidth + 0.5)) continue;
    wide.push({ target: selector(el), right: Math.round(box.right) });
    if (wide.length === 5) break;
  }
  const h1 = document.querySelector('main h1') || document.querySelector('h1');
  let titleBottom = -1;
  let startTop = -1;
  if (h1) {
    titleBottom = Math.round(h1.getBoundingClientRect().bottom + window.scrollY);
    for (let e = h1.nextElementSibling; e; e = e.nextElementSibling) {
      const box = e.getBoundingClientRect();
      if (box.height > 0) { startTop = Math.round(box.top + window.scrollY); break; }
    }
  }
  return { scrollWidth: root.scrollWidth, clientWidth, wide, titleBottom, startTop };
}

main().catch((err) => {
  process.stderr.write(`axe: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
