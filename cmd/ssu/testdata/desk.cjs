// Drives the real PocketBase admin of a running `ssu serve` in headless
// Chromium, as an editor does: signs in at /_/, opens a project and
// follows its "Forhåndsvis" link into the preview (signing in there too),
// saves a new draft and follows its link,
// sees where the admin opens and the sidebar's order, opens a report and starts next year's report,
// makes a working copy of a project and marks it ready, and opens a record while
// the desk's endpoint fails, to see the stock admin work on.
// Input (stdin, JSON): {root, chromium, base, email, password,
// project: {id}, draft: {title, year}, report: {id, nextYear}, faulty: {id},
// meeting: {id}}.
// Output (stdout, JSON): what was seen, for the Go test to judge.
'use strict';

const fs = require('node:fs');
const { launch } = require('../../../internal/browser/launch.cjs');

async function main() {
  const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await launch(cfg);
  const seen = { errors: [] };
  try {
    const context = await browser.newContext({ timezoneId: 'UTC' });
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
    // The report's panel lists its parts; "Ny del" opens a new section
    // already attached to the report, as a draft.
    await openRecord(page, cfg.base, 'arsrapporter', cfg.report.id);
    const sections = page.locator('.record-upsert-modal .ssu-desk-part-list[data-samling=rapportdeler] li a');
    await sections.first().waitFor();
    seen.reportSections = await sections.allTextContents();
    seen.reportParts = await page.locator('.record-upsert-modal .ssu-desk-part-list h3').allTextContents();
    await page.locator('.record-upsert-modal .ssu-desk-part-list[data-samling=rapportdeler] button', { hasText: 'Ny del' }).click();
    const newPart = page.locator('.record-upsert-modal').last();
    await newPart.locator('[name=tittel]').waitFor();
    seen.newPartReport = await page.evaluate(() => {
      const panels = document.querySelectorAll('.record-upsert-modal');
      const p = panels[panels.length - 1];
      return p.querySelector('.record-field-input.field-type-relation')?.textContent || '';
    });
    // The status chosen: the select's selected item, not its options.
    seen.newPartStatus = await page.evaluate(() => {
      const panels = document.querySelectorAll('.record-upsert-modal');
      const wrappers = [...panels[panels.length - 1].querySelectorAll('.record-field-input.field-type-select')];
      const status = wrappers.find((w) => ['status', 'Status'].includes(w.querySelector('label .txt')?.textContent));
      return [...(status?.querySelectorAll('.selected-container .selected-item') || [])].map((i) => i.textContent.trim()).join(',');
    });
    seen.labels = await newPart.locator('.record-field-input label .txt').allTextContents();
    await newPart.locator('.modal-footer button', { hasText: 'Close' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.record-upsert-modal').length == 1);
    seen.sidebarLabels = await page.locator('.nav-group-regular-collections .nav-item .txt').allTextContents();

    // A project with a broken link and a misspelled word: the warnings
    // appear after the save. The toolbar writes Markdown, from the keyboard.
    await openRecord(page, cfg.base, 'prosjekter', cfg.faulty.id);
    const warnings = page.locator('.record-upsert-modal .ssu-desk-checks');
    await warnings.locator('.ssu-desk-checks-title').waitFor();
    seen.warningsBefore = await warnings.locator('.ssu-desk-warning').allTextContents();
    const body = page.locator('.record-upsert-modal textarea[name=tekst]');
    await body.fill('Dette er en feiil. Se [siden](/prosjekter/finnes-ikke/).\n\n');
    await body.press('End');
    await page.keyboard.type('viktig');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Control+b');
    seen.afterBold = await body.inputValue();
    await page.locator('.record-upsert-modal .ssu-md-toolbar button', { hasText: 'Overskrift' }).focus();
    await page.keyboard.press('ArrowRight');
    seen.focusAfterArrow = await page.evaluate(() => document.activeElement?.ariaLabel || '');
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => [...document.querySelectorAll('.record-upsert-modal .ssu-desk-warning')].some((li) => li.textContent.includes('/prosjekter/finnes-ikke/')));
    seen.warningsAfter = await warnings.locator('.ssu-desk-warning').allTextContents();
    seen.misspelled = (await warnings.locator('.ssu-desk-misspelled').count()) ? await warnings.locator('.ssu-desk-misspelled').textContent() : '';
    seen.spellingOff = (await warnings.locator('.ssu-desk-spelling-off').count()) ? await warnings.locator('.ssu-desk-spelling-off').textContent() : '';
    seen.readability = (await warnings.locator('.ssu-desk-readability').count()) ? await warnings.locator('.ssu-desk-readability').textContent() : '';

    // Dates in Norwegian time, whatever the browser's zone (this one's is
    // UTC): the meeting's date, stored in UTC, is shown in Oslo time, and
    // a time entered is saved as Oslo time.
    await openRecord(page, cfg.base, 'partnerskapsmoter', cfg.meeting.id);
    const date = page.locator('.record-upsert-modal input[name=dato]');
    await date.waitFor();
    seen.browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    seen.meetingShown = await date.inputValue();
    seen.dateLabel = await page.locator('.record-upsert-modal .field-type-date label .txt').first().textContent();
    await date.fill('2025-01-15T09:30:00');
    await date.blur();
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/collections/partnerskapsmoter/records/') && r.request().method() == 'PATCH'),
      page.keyboard.press('Control+s'),
    ]);
    seen.dateSaveStatus = saved.status();

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
