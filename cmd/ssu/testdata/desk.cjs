// Drives the real PocketBase admin of a running `ssu serve` in headless
// Chromium, as an editor does: signs in at /_/, opens a project and
// follows its "Forhåndsvis" link into the preview (signing in there too),
// saves a new draft and follows its link,
// sees where the admin opens and the sidebar's order, opens a report and starts next year's report,
// makes a working copy of a project and marks it ready, and opens a record while
// the desk's endpoint fails, to see the stock admin work on.
// Input (stdin, JSON): {root, chromium, args, base, email, password,
// project: {id}, draft: {title, year}, report: {id, nextYear}}.
// Output (stdout, JSON): what was seen, for the Go test to judge.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

async function main() {
  const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
  const req = createRequire(path.join(cfg.root, 'package.json'));
  const { chromium } = req('playwright-core');
  const browser = await chromium.launch({ executablePath: cfg.chromium, headless: true, args: cfg.args });
  const seen = { errors: [] };
  try {
    const context = await browser.newContext();
    context.setDefaultTimeout(30000);
    const page = await context.newPage();
    page.on('pageerror', (err) => seen.errors.push(String(err)));
    page.on('dialog', (d) => d.accept());

    await page.goto(cfg.base + '/_/');
    await page.fill('#login_identity', cfg.email);
    await page.fill('#login_pass', cfg.password);
    await page.keyboard.press('Enter');
    // The desk: it opens on the reports, content collections first.
    await page.waitForSelector('.collections-sidebar .nav-group-regular-collections .nav-item.active');
    await page.waitForFunction(() => document.querySelector('.nav-group-regular-collections .nav-item')?.title == 'arsrapporter');
    seen.landing = new URL(page.url()).hash;
    seen.sidebar = await page.locator('.nav-group-regular-collections .nav-item').evaluateAll((items) => items.map((i) => i.title));

    // A project: its links, then the preview through "Forhåndsvis".
    await page.goto(cfg.base + '/_/#/collections?collection=prosjekter&record=' + cfg.project.id);
    const preview = page.locator('.record-upsert-modal .ssu-desk a', { hasText: 'Forhåndsvis' });
    await preview.waitFor();
    seen.previewHref = await preview.getAttribute('href');
    seen.previewTarget = await preview.getAttribute('target');
    const published = page.locator('.record-upsert-modal .ssu-desk a', { hasText: 'Se publisert side' });
    seen.publicHref = (await published.count()) ? await published.getAttribute('href') : '';
    const [tab] = await Promise.all([context.waitForEvent('page'), preview.click()]);
    await tab.waitForLoadState();
    seen.previewSignIn = await tab.locator('#epost').count() > 0;
    await tab.fill('#epost', cfg.email);
    await tab.fill('#passord', cfg.password);
    await Promise.all([tab.waitForNavigation(), tab.click('button[type=submit]')]);
    seen.previewURL = new URL(tab.url()).pathname;
    seen.previewHeading = (await tab.locator('h1').first().textContent()).trim();
    await tab.close();

    // A new draft has its preview link as soon as it is saved.
    await openRecord(page, cfg.base, 'prosjekter', '');
    await page.locator('.page-header button', { hasText: 'New record' }).click();
    const panel = page.locator('.record-upsert-modal');
    await panel.locator('[name=tittel]').fill(cfg.draft.title);
    await panel.locator('[name=aar]').fill(String(cfg.draft.year));
    seen.linksBeforeSave = await panel.locator('.ssu-desk a').count();
    await page.keyboard.press('Control+s');
    const draftLink = panel.locator('.ssu-desk a', { hasText: 'Forhåndsvis' });
    await draftLink.waitFor();
    seen.draftHref = await draftLink.getAttribute('href');
    seen.draftPublic = await panel.locator('.ssu-desk a', { hasText: 'Se publisert side' }).count();
    const [draftTab] = await Promise.all([context.waitForEvent('page'), draftLink.click()]);
    // The preview is rebuilt after the save; under load that takes a while.
    for (const until = Date.now() + 30000; Date.now() < until;) {
      await draftTab.waitForLoadState();
      const h1 = await draftTab.locator('h1').first().textContent().catch(() => '');
      if (h1.trim() == cfg.draft.title) {
        seen.draftHeading = h1.trim();
        break;
      }
      await draftTab.waitForTimeout(250);
      await draftTab.reload();
    }
    await draftTab.close();

    // A report: start next year's.
    await openRecord(page, cfg.base, 'arsrapporter', cfg.report.id);
    const start = page.locator('.record-upsert-modal .ssu-desk button', { hasText: 'Start årsrapporten for ' + cfg.report.nextYear });
    await start.click();
    const result = page.locator('.record-upsert-modal .ssu-desk-result pre');
    await result.waitFor();
    seen.startResult = await result.textContent();
    await start.click();
    await page.waitForFunction(() => document.querySelector('.ssu-desk-result pre')?.textContent.startsWith('Ingenting nytt'));
    seen.startAgain = await page.locator('.record-upsert-modal .ssu-desk-result pre').textContent();
    await page.locator('.record-upsert-modal .ssu-desk-result a', { hasText: 'Åpne årsrapporten for ' + cfg.report.nextYear }).click();
    await page.locator('.record-upsert-modal .ssu-desk button', { hasText: 'Start årsrapporten for ' + (cfg.report.nextYear + 1) }).waitFor();
    seen.openedYear = Number(await page.locator('.record-upsert-modal [name=aar]').inputValue());

    // Working copy and four eyes: «Lag arbeidskopi» on the published
    // project opens its copy; «Klar til godkjenning» marks it ready, and
    // the editor who did is not offered «Godkjenn og publiser».
    await openRecord(page, cfg.base, 'prosjekter', cfg.project.id);
    await page.locator('.record-upsert-modal .ssu-desk button', { hasText: 'Lag arbeidskopi' }).click();
    const ready = page.locator('.record-upsert-modal .ssu-desk button', { hasText: 'Klar til godkjenning' });
    await ready.waitFor();
    seen.copyRecord = new URL(page.url()).hash.split('record=')[1] || '';
    await ready.click();
    await page.locator('.record-upsert-modal .ssu-desk', { hasText: 'en annen redaktør må godkjenne' }).waitFor();
    seen.selfApproveButtons = await page.locator('.record-upsert-modal .ssu-desk button', { hasText: 'Godkjenn og publiser' }).count();

    // The endpoint fails: the panel is the stock one, and works.
    await page.route('**/api/ssu/skrivebord/side/**', (route) => route.fulfill({ status: 500, body: '{}' }));
    await openRecord(page, cfg.base, 'prosjekter', cfg.project.id);
    await page.locator('.record-upsert-modal textarea[name=tekst], .record-upsert-modal [name=tekst]').first().waitFor();
    await page.waitForLoadState('networkidle');
    seen.failedLinks = await page.locator('.record-upsert-modal .ssu-desk a').count();
    seen.failedSaveButton = await page.locator('.record-upsert-modal .modal-footer button', { hasText: 'Save changes' }).count();
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(seen));
}

// openRecord closes any open panel and opens the record's, as a click in
// the list does.
async function openRecord(page, base, collection, id) {
  const open = page.locator('.record-upsert-modal');
  if (await open.count()) {
    await open.locator('.modal-footer button', { hasText: 'Close' }).click();
    await open.waitFor({ state: 'detached' });
  }
  await page.goto(base + '/_/#/collections?collection=' + collection + (id ? '&record=' + id : ''));
  if (id) {
    await page.locator('.record-upsert-modal .modal-header').waitFor();
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
