// Runs axe-core in Chromium over a list of URLs, for `ssu check`.
// Input (stdin, JSON): {root, chromium, args, urls, tags, workers}.
// Output (stdout, JSON): one entry a URL, in input order:
// {url, status, error, violations: [{id, impact, help, helpUrl, targets}]}.
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
      results[i] = await check(page, cfg.urls[i], cfg.tags);
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

async function check(page, url, tags) {
  const result = { url, status: 0, error: '', violations: [] };
  try {
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
    result.violations = axe.violations.map((v) => ({
      id: v.id,
      impact: v.impact || '',
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' >>> ')),
    }));
  } catch (err) {
    result.error = String(err && err.message ? err.message : err);
  }
  return result;
}

main().catch((err) => {
  process.stderr.write(`axe: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
