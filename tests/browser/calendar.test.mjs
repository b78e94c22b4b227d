// Due dates in real headless Chromium, on the season fixture (made-up
// milestones): the dates on checklist pages, "Coming up" on the home page
// with the browser's clock set before, inside and after the 30 days, the
// calendar page marking the current month, and the calendar files linked
// from where the dates are. The files' contents: tests/testsuite/calendar.rs.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE_ROOT, missing, launch, serve, open, axe, buildSite, withContext, fileUrl } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;
const SEASON = path.join(SITE_ROOT, 'tests', 'fixtures', 'season');
const ZONE = { timezoneId: 'America/New_York' };
/** Noon on `day` in New York. */
const noon = (day) => new Date(`${day}T12:00:00-05:00`);

/** What "Coming up" lists: [[overdue item texts], [soon item texts]], the "nothing" line's visibility. */
const comingUp = (page) => page.evaluate(() => {
  const list = (c) => {
    const ul = document.querySelector(`#coming-up .coming-up-${c}`);
    return ul.hidden ? null : [...ul.querySelectorAll('li a')].map((a) => a.textContent);
  };
  return { overdue: list('overdue'), soon: list('soon'), none: !document.querySelector('#coming-up .coming-up-none').hidden };
});

describe('due dates, coming up and the calendar page', { skip }, () => {
  let browser;
  let server;
  let out;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    out = buildSite(SEASON);
    browser = await launch();
    server = await serve(out);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  const at = async (day, fn, extra = {}) => withContext(browser, { ...ZONE, ...extra }, async (context) => {
    await context.clock.setFixedTime(noon(day));
    return fn(context);
  });

  test('each dated item says when it is due, in US English, on its checklist page and at the end of its page', async () => {
    await at('2027-01-01', async (context) => {
      const c = await open(context, `${server.base}step-1-prepare/checklist/`);
      const dues = await c.page.$$eval('#list .item', (li) => li.map((x) => [x.querySelector('input').value, x.querySelector('.due time')?.getAttribute('datetime') || null, x.querySelector('.due')?.textContent || null]));
      assert.deepEqual(dues, [
        ['book-exam', '2027-01-15', 'by January 15, 2027'],
        ['exam-result', '2027-05', 'by May 2027'],
        ['undated', null, null],
        ['request-token', '2027-06-03', 'by June 3, 2027'],
        ['letters-ready', '2027-05-20', 'by May 20, 2027'],
      ]);
      assert.equal(await c.page.getAttribute('.calendar-file a', 'href'), 'dates.ics');
      const step = await open(context, `${server.base}step-2-apply/`);
      assert.deepEqual(await step.page.$$eval('#page-checklist .due', (ds) => ds.map((d) => d.textContent)), ['by September 3, 2027', 'by February 17, 2028']);
      assert.equal(await step.page.getAttribute('#page-checklist .calendar-file a', 'href'), 'checklist/dates.ics');
      c.clean();
      step.noErrors();
    });
  });

  test('coming up: nothing before the 30 days, the items inside them, overdue ones after, ticked ones left out', async () => {
    await at('2026-12-01', async (context) => {
      const home = await open(context, server.base);
      assert.deepEqual(await comingUp(home.page), { overdue: null, soon: null, none: true });
      assert.equal(await home.page.isVisible('#coming-up .coming-up-nojs'), false);
      home.noErrors();
    });
    await at('2027-01-01', async (context) => {
      const home = await open(context, server.base);
      // January 31 is the 30th day after January 1; the month's item counts as due on its last day.
      assert.deepEqual(await comingUp(home.page), { overdue: null, soon: ['Book the exam, early; then tell your school', 'Plan the season'], none: false });
      assert.equal(await home.page.textContent('#coming-up .coming-up-soon li .due'), 'by January 15, 2027');
      // Each links to its place on its checklist page.
      await home.page.click('#coming-up .coming-up-soon a >> nth=0');
      await home.page.waitForURL(/step-1-prepare\/checklist\/#item-book-exam$/);
      assert.equal(await home.page.evaluate(() => document.querySelector(':target').id), 'item-book-exam');
      home.noErrors();
    });
    await at('2027-02-01', async (context) => {
      const home = await open(context, server.base);
      assert.deepEqual(await comingUp(home.page), { overdue: ['Book the exam, early; then tell your school', 'Plan the season'], soon: null, none: false });
      // Ticking one (in another tab) takes it off the list.
      const c = await open(context, `${server.base}step-1-prepare/checklist/`);
      await c.page.check('#item-book-exam');
      await home.page.waitForFunction(() => document.querySelectorAll('#coming-up .coming-up-overdue li').length === 1);
      assert.deepEqual(await comingUp(home.page), { overdue: ['Plan the season'], soon: null, none: false });
      c.clean();
      home.noErrors();
    });
    await at('2027-05-10', async (context) => {
      const home = await open(context, server.base);
      assert.deepEqual(await comingUp(home.page), {
        overdue: ['Book the exam, early; then tell your school', 'Plan the season'],
        soon: ['Have your letters ready', 'Have your score reported', 'Request your token\\the one you need, with a long text that makes the calendar fold its line at seventy-five octets: éèà', 'Open your application'],
        none: false,
      });
      home.noErrors();
    });
  });

  test('without JavaScript coming up links to the calendar page and the calendar file', async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(server.base);
      assert.equal(await page.isVisible('#coming-up .coming-up-nojs'), true);
      assert.deepEqual(await page.$$eval('#coming-up .coming-up-nojs a', (as) => as.map((a) => a.getAttribute('href'))), ['calendar/', 'dates.ics']);
      assert.equal(await page.isVisible('#coming-up .coming-up-all'), false);
      assert.equal(await page.isVisible('#coming-up .coming-up-js'), false);
    });
  });

  test('the calendar page marks the current month, links the guide\'s calendar file, and marks nothing without JavaScript', async () => {
    const marked = (page) => page.$$eval('.this-month', (hs) => hs.map((h) => h.textContent.replace(/\s+/g, ' ').trim()));
    await at('2027-06-10', async (context) => {
      const p = await open(context, `${server.base}calendar/`);
      assert.deepEqual(await marked(p.page), ['This monthJune: the season opens #', 'This monthJune (0 of 1)']);
      assert.equal(await p.page.getAttribute('.calendar-file a', 'href'), '../dates.ics');
      assert.equal(await p.page.textContent('.calendar-file a'), 'Add these dates to your calendar');
      p.noErrors();
    });
    await at('2027-02-15', async (context) => {
      const p = await open(context, `${server.base}calendar/`);
      assert.deepEqual((await marked(p.page)).map((t) => t.split(':')[0]), ['This monthJanuary to May', 'This monthLate February or early March', 'This monthJanuary to May (0 of 1)']);
      p.noErrors();
    });
    await at('2027-11-10', async (context) => {
      const p = await open(context, `${server.base}calendar/`);
      assert.deepEqual(await marked(p.page), []);
    });
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.base}calendar/`);
      assert.deepEqual(await marked(page), []);
      assert.equal(await page.isVisible('.calendar-file a'), true);
    });
  });

  test('the calendar files are served where the pages link them, and open from disk', async () => {
    await withContext(browser, {}, async (context) => {
      for (const rel of ['dates.ics', 'step-1-prepare/checklist/dates.ics', 'step-2-apply/checklist/dates.ics', 'calendar/checklist/dates.ics']) {
        const r = await context.request.get(server.base + rel);
        assert.equal(r.status(), 200, rel);
        assert.match(await r.text(), /^BEGIN:VCALENDAR\r\n/, rel);
      }
      const p = await open(context, fileUrl(out, 'step-1-prepare/checklist'));
      assert.equal(await p.page.$eval('.calendar-file a', (a) => a.href), `${fileUrl(out, 'step-1-prepare/checklist').replace(/index\.html$/, '')}dates.ics`);
      p.clean();
    });
  });

  test('axe-core: zero violations with coming up filled in and the month marked, light and dark', async () => {
    const report = [];
    const check = async (page, what) => {
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        for (const v of await axe(page)) report.push({ what, colorScheme, ...v });
      }
    };
    await at('2027-05-10', async (context) => {
      for (const rel of ['', 'calendar/', 'step-1-prepare/', 'step-1-prepare/checklist/']) {
        const p = await open(context, server.base + rel);
        await check(p.page, rel || 'home');
        await p.page.close();
      }
    });
    assert.deepEqual(report, []);
  });
});
