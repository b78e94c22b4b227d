// The checklist page in real headless Chromium: over http at a subpath and
// from file://, with the network log and uncaught errors watched throughout.
// The guide's ticks across pages, devices and builds: storage.test.mjs.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  OUTPUT, SITE_ROOT, FIXTURES, KEY, missing, launch, serve, open, axe, fileUrl, checklistPages, buildSite, withContext, stored,
} from './harness.mjs';

const why = missing();
// With CI set a missing browser fails every test (before() throws); elsewhere the suite is skipped.
const skip = why && !process.env.CI ? why : false;

const STEP1 = 'step-1-map-the-path/checklist/';
const STEP2 = 'step-2-usmle-and-transcripts/checklist/';
const CAL = 'application-calendar/checklist/';

describe('checklist page', { skip }, () => {
  let browser;
  let server;
  let pages;
  const tmp = [];

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, STEP1, 'index.html')), `build the bundled guide first (${OUTPUT})`);
    pages = checklistPages(OUTPUT);
    assert.ok(pages.length >= 5, `expected the bundled guide's checklist pages, found ${pages}`);
    browser = await launch();
    server = await serve(OUTPUT);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const dir of tmp) fs.rmSync(dir, { recursive: true, force: true });
  });

  const url = (rel) => server.base + rel;
  const state = (page) => page.evaluate(() => ({
    checked: [...document.querySelectorAll('#list input:checked')].map((b) => b.value),
    count: document.getElementById('count').textContent,
    bar: document.getElementById('bar').value,
    max: document.getElementById('bar').max,
    groups: [...document.querySelectorAll('#list .group-count')].map((g) => g.textContent),
  }));
  const ids = (page) => page.$$eval('#list input[type=checkbox]', (bs) => bs.map((b) => b.value));

  test('every checklist page of the bundled guide loads alone, with all its items and working JS', async () => {
    const start = server.log.length;
    await withContext(browser, {}, async (context) => {
      for (const rel of pages) {
        const p = await open(context, url(rel));
        const all = await ids(p.page);
        assert.ok(all.length > 0, rel);
        const s = await state(p.page);
        assert.equal(s.max, all.length, rel);
        assert.equal(s.count, `0 of ${all.length} done`, rel);
        assert.equal(await p.page.isVisible('#nojs'), false, 'the no-JS note is hidden when JS runs');
        assert.equal(await p.page.isVisible('#tools'), true);
        assert.equal(await p.page.isVisible('#plan'), true, 'the whole guide\'s tools show with JS');
        assert.equal(await p.page.isVisible('#storage'), false, 'no storage notice over http');
        assert.equal(await p.page.isVisible('#plan-link-box'), false, 'the link box waits for Share');
        assert.equal(await p.page.isVisible('#ask'), false);
        assert.equal(await p.page.getAttribute('#main', 'data-site'), 'ir-usimg');
        assert.equal(await p.page.getAttribute('#main', 'data-guide'), 'main');
        p.clean();
        await p.page.close();
      }
    });
    // Only the pages themselves were served: no CSS, script, font or icon file.
    const asked = new Set(server.log.slice(start));
    assert.deepEqual([...asked].sort(), pages.map((r) => `/guide/${r}`).sort());
  });

  test('the site around each checklist: header, search, step navigation, back and next links top and bottom, footer', async () => {
    await withContext(browser, {}, async (context) => {
      // Following "Next checklist" from step 1 visits every checklist page once, then leads to the overview.
      const seen = [];
      let rel = STEP1;
      for (;;) {
        seen.push(rel);
        const p = await open(context, url(rel));
        const page = p.page;
        assert.equal(await page.textContent('.site-header .brand'), 'Matching IR as a US Citizen IMG');
        assert.equal(new URL(await page.$eval('.site-header .brand', (a) => a.href)).pathname, '/guide/');
        assert.match(await page.textContent('.site-footer'), /Matching IR as a US Citizen IMG/);
        // The search box is a plain GET form into the site's search.
        assert.equal(await page.getAttribute('.site-search', 'method'), 'get');
        assert.equal(await page.getAttribute('.site-search input[type=search]', 'name'), 'q');
        assert.equal(await page.textContent('.site-search label'), 'Search the guide');
        // The step navigation marks the step (or page) this checklist belongs to.
        const back = await page.$$eval('.pager .back a', (as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(back, ['../', '../'], `${rel}: back to its page, top and bottom`);
        const current = await page.$$eval('.site-nav [aria-current]', (as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(current, ['../'], `${rel}: one current entry, this checklist's page`);
        const step = await page.getAttribute('#main', 'data-step');
        if (/^\d+$/.test(step)) assert.equal(await page.textContent('.site-nav [aria-current]'), `Step ${step}`);
        const next = await page.$$eval('.pager .next a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
        assert.equal(next.length, 2, 'next, top and bottom');
        assert.deepEqual(next[0], next[1]);
        p.clean();
        await page.close();
        if (next[0][1].startsWith('All checklists')) {
          assert.equal(new URL(next[0][0], url(rel)).href, url(''));
          break;
        }
        assert.match(next[0][1], /^Next checklist: /);
        rel = new URL(next[0][0], url(rel)).pathname.slice('/guide/'.length);
        assert.ok(!seen.includes(rel), `no loop: ${seen} ${rel}`);
      }
      assert.deepEqual([...seen].sort(), pages);
      assert.equal(seen[0], STEP1);
      assert.equal(seen[1], STEP2);

      // The search box opens the site's results page with the query, which answers it.
      const p = await open(context, url(STEP2));
      await p.page.fill('.site-search input', 'ESIR');
      await Promise.all([p.page.waitForURL(/\?q=ESIR$/), p.page.press('.site-search input', 'Enter')]);
      assert.equal(new URL(p.page.url()).pathname, '/guide/search/');
      await p.page.waitForSelector('#search-page .search-results .search-result', { timeout: 10000 });
      // The footer and header are the site's; the calendar's checklist marks "More".
      const c = await open(context, url(CAL));
      assert.equal(await c.page.getAttribute('.nav-more summary', 'class'), 'current');
      assert.match(await c.page.textContent('.pager .back a'), /^Back to the page/);
      c.clean();
    });
  });

  test('a tick survives a reload; progress bar, text and group counts follow; other checklists and tabs', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      await p.page.check('#item-s1-list-gaps');
      await p.page.check('#item-s1-compare-pathways');
      await p.page.click('label[for=item-s1-sketch-timeline]');
      let s = await state(p.page);
      assert.deepEqual(s.checked, ['s1-list-gaps', 's1-compare-pathways', 's1-sketch-timeline']);
      assert.equal(s.bar, 3);
      assert.equal(s.count, '3 of 13 done');
      assert.deepEqual(s.groups, ['(0 of 2)', '(1 of 3)', '(1 of 4)', '(1 of 4)']);
      assert.equal(await p.page.getAttribute('#count', 'role'), 'status', 'the count is a polite live region');
      assert.equal(await p.page.textContent('label[for=bar]'), 'Progress', 'the progress bar is labelled');
      assert.deepEqual(await stored(p.page), { 's1-list-gaps': 1, 's1-compare-pathways': 1, 's1-sketch-timeline': 1 });

      await p.page.uncheck('#item-s1-compare-pathways');
      await p.page.reload();
      s = await state(p.page);
      assert.deepEqual(s.checked, ['s1-list-gaps', 's1-sketch-timeline']);
      assert.equal(s.count, '2 of 13 done');
      assert.equal(s.bar, 2);
      assert.deepEqual(s.groups, ['(0 of 2)', '(1 of 3)', '(0 of 4)', '(1 of 4)']);
      // The untick is kept, with its time, for merging.
      assert.deepEqual(await stored(p.page), { 's1-list-gaps': 1, 's1-compare-pathways': 0, 's1-sketch-timeline': 1 });

      // Another step's checklist shows none of these.
      const q = await open(context, url(STEP2));
      assert.equal((await state(q.page)).checked.length, 0);
      // A second tab of the same checklist follows the first one's ticks.
      const other = await open(context, url(STEP1));
      await p.page.check('#item-s1-list-advantages');
      await other.page.waitForFunction(() => document.getElementById('count').textContent === '3 of 13 done');
      assert.equal(await other.page.isChecked('#item-s1-list-advantages'), true);
      // A tick in one tab never undoes another tab's: each saves only its own change.
      await other.page.check('#item-s1-own-dr-choice');
      await q.page.check(`#item-${(await ids(q.page))[0]}`);
      await p.page.reload();
      assert.equal((await state(p.page)).count, '4 of 13 done');
      p.clean();
      q.clean();
      other.clean();
    });
  });

  test('ticks are matched by id: unknown ids are ignored but kept, malformed ones dropped', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      await p.page.evaluate((k) => localStorage.setItem(k, JSON.stringify({
        v: 2,
        ticks: { 's1-sketch-timeline': [1, 5], 'gone-item': [1, 6], 's1-list-gaps': [1, 0], 'Bad Id': [1, 1], 's1-own-dr-choice': ['yes', 1] },
      })), KEY);
      await p.page.reload();
      const s = await state(p.page);
      assert.deepEqual(s.checked, ['s1-list-gaps', 's1-sketch-timeline']);
      assert.equal(s.count, '2 of 13 done');
      await p.page.check('#item-s1-own-dr-choice');
      assert.deepEqual(await stored(p.page), { 's1-sketch-timeline': 1, 'gone-item': 1, 's1-list-gaps': 1, 's1-own-dr-choice': 1 });
      p.clean();
    });
  });

  test('reset asks first, then clears every tick of this checklist and no other', async () => {
    await withContext(browser, {}, async (context) => {
      const q = await open(context, url(STEP2));
      const other = (await ids(q.page))[0];
      await q.page.check(`#item-${other}`);
      const p = await open(context, url(STEP1));
      for (const id of ['s1-list-gaps', 's1-compare-pathways', 's1-own-dr-choice']) await p.page.check(`#item-${id}`);
      await p.page.click('#reset');
      const dialog = p.page.locator('#ask');
      await dialog.waitFor({ state: 'visible' });
      assert.match(await dialog.textContent(), /Reset this checklist\?[\s\S]*clears every tick of this checklist \(3 of 13 done now\)\. Your ticks on the guide's other checklists stay\./);
      await p.page.click('#ask button[value=no]');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal((await state(p.page)).count, '3 of 13 done', 'cancel keeps the ticks');

      await p.page.click('#reset');
      await p.page.click('#ask-ok');
      await dialog.waitFor({ state: 'hidden' });
      const s = await state(p.page);
      assert.deepEqual(s.checked, []);
      assert.equal(s.count, '0 of 13 done');
      assert.equal(s.bar, 0);
      assert.deepEqual(await stored(p.page), { [other]: 1, 's1-list-gaps': 0, 's1-compare-pathways': 0, 's1-own-dr-choice': 0 });
      assert.equal(await p.page.textContent('#msg'), 'All ticks of this checklist cleared.');
      await p.page.reload();
      assert.deepEqual((await state(p.page)).checked, []);
      await q.page.reload();
      assert.equal(await q.page.isChecked(`#item-${other}`), true, 'step 2 keeps its tick');
      p.clean();
      q.clean();
    });
  });

  test('keyboard alone: tick, reset with the dialog, visible focus', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      const focused = () => p.page.evaluate(() => document.activeElement.id);
      const tabTo = async (id) => {
        for (let i = 0; i < 80 && (await focused()) !== id; i++) await p.page.keyboard.press('Tab');
        assert.equal(await focused(), id, `#${id} is reachable with Tab`);
      };
      await tabTo('item-s1-list-advantages');
      const outline = await p.page.evaluate(() => {
        const cs = getComputedStyle(document.activeElement);
        return `${cs.outlineStyle} ${cs.outlineWidth}`;
      });
      assert.equal(outline, 'solid 3px', 'focus is visible');
      await p.page.keyboard.press('Space');
      await tabTo('item-s1-list-gaps');
      await p.page.keyboard.press('Space');
      assert.equal((await state(p.page)).count, '2 of 13 done');

      await p.page.keyboard.down('Shift');
      await tabTo('reset');
      await p.page.keyboard.up('Shift');
      await p.page.keyboard.press('Enter');
      await p.page.locator('#ask').waitFor({ state: 'visible' });
      assert.equal(await p.page.evaluate(() => document.activeElement.value), 'no', 'the safe choice has focus');
      await p.page.keyboard.press('Escape');
      await p.page.locator('#ask').waitFor({ state: 'hidden' });
      assert.equal((await state(p.page)).count, '2 of 13 done', 'Escape cancels');

      await p.page.keyboard.press('Enter');
      await p.page.locator('#ask').waitFor({ state: 'visible' });
      await p.page.keyboard.press('Shift+Tab');
      assert.equal(await p.page.evaluate(() => document.activeElement.id), 'ask-ok');
      await p.page.keyboard.press('Enter');
      await p.page.locator('#ask').waitFor({ state: 'hidden' });
      assert.equal((await state(p.page)).count, '0 of 13 done');
      p.clean();
    });
  });

  test('the end of a step page carries its checklist: tickable, the same ticks as the checklist page, with progress', async () => {
    await withContext(browser, {}, async (context) => {
      const step = await open(context, url('step-1-map-the-path/'));
      const end = step.page.locator('#page-checklist');
      assert.equal(await step.page.textContent('#page-checklist h2'), 'Checklist for this step');
      // It is the page's last section, after the content; the button at the top stays.
      assert.equal(await step.page.evaluate(() => document.querySelector('article > :last-child').id), 'page-checklist');
      assert.equal(await step.page.getAttribute('.checklist-cta a.button', 'href'), 'checklist/');
      assert.equal(await step.page.getAttribute('.checklist-cta .to-checklist', 'href'), '#page-checklist');
      const values = await end.locator('input[name=done]').evaluateAll((bs) => bs.map((b) => b.value));
      const c = await open(context, url(STEP1));
      assert.deepEqual(values, await ids(c.page), 'the same items, in the same order');
      // Every box has its label, inside a fieldset with a legend.
      assert.ok(await end.locator('input[name=done]').evaluateAll((bs) => bs.every((b) => b.labels.length === 1 && b.labels[0].textContent.trim() && b.closest('fieldset').querySelector('legend'))));

      await end.getByLabel(await c.page.textContent('label[for=item-s1-list-gaps]')).check();
      assert.equal(await end.locator('.checklist-count').textContent(), '1 of 13 done');
      assert.equal(await step.page.textContent('.checklist-cta .progress-note'), '1 of 13 done');
      assert.match(await end.locator('.group-count').first().textContent(), /^\(0 of 2\)$/);
      // The checklist page (open in another tab) follows, and its ticks come back here.
      await c.page.waitForFunction(() => document.getElementById('count').textContent === '1 of 13 done');
      assert.equal(await c.page.isChecked('#item-s1-list-gaps'), true);
      await c.page.check('#item-s1-sketch-timeline');
      await step.page.waitForFunction(() => document.querySelector('#page-checklist .checklist-count').textContent === '2 of 13 done');
      await step.page.reload();
      assert.deepEqual(await end.locator('input:checked').evaluateAll((bs) => bs.map((b) => b.value)), ['s1-list-gaps', 's1-sketch-timeline']);
      step.noErrors();
      c.clean();
    });
    // Without JavaScript it is there and tickable, and says ticks are not saved.
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(url('application-calendar/'));
      assert.equal(await page.textContent('#page-checklist h2'), 'Checklist for this page');
      assert.equal(await page.isVisible('#page-checklist .checklist-nojs'), true);
      assert.equal(await page.isVisible('#page-checklist .checklist-count'), false);
      const first = page.locator('#page-checklist input[name=done]').first();
      await first.check();
      assert.equal(await first.isChecked(), true);
    });
  });

  test('a corrupt stored value: the page still works and says ticks are not saved', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      for (const bad of ['{not json', 'null', '[]', '{"v":1,"done":[]}', '{"v":2,"ticks":[]}', '{"v":2}']) {
        await p.page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, bad]);
        await p.page.reload();
        assert.equal(await p.page.isVisible('#storage'), true, bad);
        assert.match(await p.page.textContent('#storage'), /could not be read/);
        await p.page.check('#item-s1-list-gaps');
        assert.equal((await state(p.page)).count, '1 of 13 done', `${bad}: ticking still works`);
        assert.equal(await p.page.evaluate((k) => localStorage.getItem(k), KEY), bad, 'damaged data is not overwritten by a tick');
      }
      // Reset (asked first) replaces the damaged value and saving works again.
      await p.page.click('#reset');
      assert.match(await p.page.textContent('#ask'), /Your damaged saved ticks are replaced/);
      await p.page.click('#ask-ok');
      assert.equal(await p.page.isVisible('#storage'), false);
      await p.page.check('#item-s1-own-dr-choice');
      assert.deepEqual(await stored(p.page), { 's1-list-gaps': 0, 's1-own-dr-choice': 1 });
      p.clean();
    });
  });

  test('storage disabled: a notice, no exception, ticking, export and links work for the visit', async () => {
    await withContext(browser, {}, async (context) => {
      await context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          configurable: true,
          get() { throw new DOMException('The user denied storage', 'SecurityError'); },
        });
      });
      const p = await open(context, url(STEP1));
      assert.equal(await p.page.evaluate(() => { try { return typeof localStorage; } catch (e) { return e.name; } }), 'SecurityError');
      assert.equal(await p.page.isVisible('#storage'), true);
      assert.match(await p.page.textContent('#storage'), /ticks will be lost when you leave/);
      await p.page.check('#item-s1-list-gaps');
      assert.equal((await state(p.page)).count, '1 of 13 done');
      const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.click('#plan-export')]);
      const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
      assert.deepEqual(Object.keys(data.ticks), ['s1-list-gaps'], 'export still works');
      const q = await open(context, `${url(STEP1)}#ticks=2.0,s1-list-advantages`);
      await q.page.click('#ask-ok');
      assert.deepEqual((await state(q.page)).checked, ['s1-list-advantages'], 'share links still work');
      assert.match(await q.page.textContent('#plan-msg'), /kept for this visit only/);
      // The step page and home page show no progress, and do not throw.
      const step = await open(context, url('step-1-map-the-path/'));
      const home = await open(context, url(''));
      assert.equal(await step.page.textContent('.progress-note'), '');
      p.clean();
      q.clean();
      step.noErrors();
      home.noErrors();
    });
  });

  test('a failing save (quota, private mode): the notice appears, the tick stays', async () => {
    await withContext(browser, {}, async (context) => {
      await context.addInitScript(() => {
        Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
      });
      const p = await open(context, url(STEP1));
      assert.equal(await p.page.isVisible('#storage'), false);
      await p.page.check('#item-s1-list-gaps');
      assert.equal(await p.page.isVisible('#storage'), true);
      assert.match(await p.page.textContent('#storage'), /will be lost/);
      assert.equal((await state(p.page)).count, '1 of 13 done');
      p.clean();
    });
  });

  test('JavaScript disabled: every item is there, labelled, tickable, with the note; the site around it too', async () => {
    const withJs = {};
    await withContext(browser, {}, async (context) => {
      for (const rel of pages) {
        const p = await open(context, url(rel));
        withJs[rel] = await ids(p.page);
        await p.page.close();
      }
    });
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      for (const rel of pages) {
        const p = await open(context, url(rel));
        assert.deepEqual(await ids(p.page), withJs[rel], rel);
        const html = fs.readFileSync(path.join(OUTPUT, rel, 'index.html'), 'utf8');
        const inSource = [...html.matchAll(/<input type="checkbox" id="item-([a-z0-9-]+)"/g)].map((m) => m[1]);
        assert.deepEqual(withJs[rel], inSource, `${rel}: every item of the source is on the page`);
        const labelled = await p.page.$$eval('#list input[type=checkbox]', (bs) => bs.every((b) => b.labels.length === 1 && b.labels[0].textContent.trim() !== '' && b.closest('fieldset').querySelector('legend')));
        assert.ok(labelled, `${rel}: each checkbox has a label and sits in a fieldset with a legend`);
        assert.equal(await p.page.isVisible('#nojs'), true);
        assert.match(await p.page.textContent('#nojs'), /ticks are not saved/);
        assert.equal(await p.page.isVisible('#tools'), false, 'JS-only controls stay hidden');
        assert.equal(await p.page.isVisible('#plan'), false, 'so does moving ticks between devices');
        for (const sel of ['.site-header .brand', '.site-search input', '.site-nav', '.pager .back a', '.pager .next a', '.site-footer']) {
          assert.equal(await p.page.locator(sel).first().isVisible(), true, `${rel}: ${sel}`);
        }
        const first = `#item-${withJs[rel][0]}`;
        await p.page.check(first);
        assert.equal(await p.page.isChecked(first), true);
        p.clean();
        await p.page.close();
      }
    });
  });

  test('axe-core: zero violations in light and dark, in every state', async () => {
    const report = [];
    const check = async (page, what) => {
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        for (const v of await axe(page)) report.push({ what, colorScheme, ...v });
      }
    };
    await withContext(browser, {}, async (context) => {
      for (const rel of pages) {
        const p = await open(context, url(rel));
        await check(p.page, rel);
        p.clean();
        await p.page.close();
      }
      // Everything shown at once: ticks, storage notice, link box, message, error message.
      const p = await open(context, url(STEP1));
      await p.page.evaluate((k) => localStorage.setItem(k, '{broken'), KEY);
      await p.page.reload();
      await p.page.check('#item-s1-list-gaps');
      await p.page.click('#plan-share');
      await p.page.click('.nav-more summary');
      await check(p.page, 'notice + link box + menu');
      await p.page.evaluate(() => { const m = document.getElementById('plan-msg'); m.className = 'bad'; m.textContent = 'Not imported: x.json is not valid JSON. Nothing was changed.'; });
      await check(p.page, 'error message');
      await p.page.click('#reset');
      await p.page.locator('#ask').waitFor({ state: 'visible' });
      await check(p.page, 'reset dialog');
      const q = await open(context, `${url(STEP1)}#ticks=2.0,s1-list-advantages,s1-list-gaps.-`);
      await q.page.locator('#ask').waitFor({ state: 'visible' });
      await check(q.page, 'merge dialog');
      p.clean();
      q.clean();
    });
    // Without JS: audit the page as served, minus its script.
    await withContext(browser, {}, async (context) => {
      const page = await context.newPage();
      const html = fs.readFileSync(path.join(OUTPUT, STEP1, 'index.html'), 'utf8').replace(/<script>[\s\S]*?<\/script>/g, '');
      await page.setContent(html);
      await check(page, 'without JS');
    });
    assert.deepEqual(report, []);
  });

  test('print: controls and the site around it hidden, ticks, title and address printed, items kept whole', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, `${url(STEP1)}`);
      await p.page.check('#item-s1-list-gaps');
      await p.page.click('#plan-share');
      assert.equal(await p.page.isVisible('#address'), false, 'the address is for paper only');
      await p.page.emulateMedia({ media: 'print' });
      for (const sel of ['.controls', '#plan', '#reset', '#print', '#plan-link-box', '#msg', '.pager', '.see', '#nojs', '#bar', '.site-header', '.site-footer']) {
        assert.equal(await p.page.locator(sel).first().isVisible(), false, `${sel} is hidden in print`);
      }
      assert.equal(await p.page.isVisible('h1'), true);
      assert.equal(await p.page.isVisible('#address'), true);
      assert.equal(await p.page.textContent('#address'), url(STEP1));
      assert.equal(await p.page.isVisible('#item-s1-list-gaps'), true, 'ticked boxes print');
      assert.equal(await p.page.isChecked('#item-s1-list-gaps'), true);
      assert.equal(await p.page.isVisible('#count'), true, 'the progress text prints');
      const breaks = await p.page.$$eval('.item', (items) => [...new Set(items.map((i) => getComputedStyle(i).breakInside))]);
      assert.deepEqual(breaks, ['avoid']);
      const pdf = await p.page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 1000, 'the page prints');
      p.clean();
    });
    // Without JS the print styles apply too.
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const p = await open(context, url(STEP1));
      await p.page.emulateMedia({ media: 'print' });
      assert.equal(await p.page.isVisible('#nojs'), false);
      assert.equal(await p.page.isVisible('.see >> nth=0'), false);
      assert.equal(await p.page.isVisible('#item-s1-list-gaps'), true);
      p.clean();
    });
  });

  test('the step page and the home page\'s overview show read-only progress', async () => {
    await withContext(browser, {}, async (context) => {
      const c1 = await open(context, url(STEP1));
      const total1 = (await ids(c1.page)).length;
      await c1.page.check('#item-s1-list-gaps');
      await c1.page.check('#item-s1-sketch-timeline');
      const c2 = await open(context, url(STEP2));
      const second = (await ids(c2.page))[0];
      await c2.page.check(`#item-${second}`);
      const total2 = (await ids(c2.page)).length;

      const step = await open(context, url('step-1-map-the-path/'));
      assert.equal(await step.page.textContent('.checklist-cta .progress-note'), `2 of ${total1} done`);
      assert.equal(await step.page.getAttribute('.checklist-cta a', 'href'), 'checklist/');
      const home = await open(context, url(''));
      const notes = await home.page.$$eval('.step-item .step-progress', (ns) => ns.map((n) => n.textContent));
      assert.deepEqual(notes.slice(0, 2), [`2 of ${total1} done`, `1 of ${total2} done`]);
      assert.ok(notes.slice(2).every((n) => /^0 of \d+ done$/.test(n)), 'steps never opened show none done');
      const links = await home.page.$$eval('.step-checklist a', (as) => as.map((a) => a.getAttribute('href')));
      // The overview lists the steps; other pages with a checklist (the calendar) come after it.
      assert.deepEqual(links, pages.filter((p) => p.startsWith('step-')));

      // Unknown ids do not count; a damaged value shows nothing on the step
      // page, the no-JS text on the home page, and throws nothing.
      await home.page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ v: 2, ticks: { 's1-list-gaps': [1, 1], gone: [1, 1] } })), KEY);
      await step.page.reload();
      assert.equal(await step.page.textContent('.checklist-cta .progress-note'), `1 of ${total1} done`);
      await home.page.evaluate((k) => localStorage.setItem(k, '{oops'), KEY);
      await step.page.reload();
      await home.page.reload();
      assert.equal(await step.page.textContent('.checklist-cta .progress-note'), '');
      assert.equal(await home.page.textContent('.step-item .step-progress >> nth=0'), `${total1} actions`);
      for (const p of [c1, c2]) p.clean();
      for (const p of [step, home]) p.noErrors();
    });
  });

  test('the calendar\'s actions count in the guide\'s progress, and the total says what it counts', async () => {
    await withContext(browser, {}, async (context) => {
      const home = await open(context, url(''));
      const totals = await home.page.$$eval('.step-item', (li) => li.map((x) => +x.getAttribute('data-total')));
      const cal = await open(context, url(CAL));
      const calIds = await ids(cal.page);
      const all = totals.reduce((a, b) => a + b, 0) + calIds.length;
      assert.equal(await home.page.getAttribute('[data-guide-progress]', 'data-total'), String(all));
      assert.equal(await home.page.textContent('.guide-progress-text'), `Your progress: 0 of ${all} actions done, in all ${totals.length + 1} checklists`);
      await cal.page.check(`#item-${calIds[0]}`);
      await home.page.reload();
      assert.equal(await home.page.textContent('.guide-progress-text'), `Your progress: 1 of ${all} actions done, in all ${totals.length + 1} checklists`);
      assert.equal(await home.page.$eval('.guide-progress-bar', (b) => [b.value, b.max].join()), `1,${all}`);
      cal.clean();
      home.noErrors();
    });
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(url(''));
      assert.match(await page.textContent('.guide-progress-text'), /^5 steps and 1 more checklist: \d+ actions to tick off$/);
    });
  });

  test('from file://: tick and reload, links and the search form open pages, no other request', async () => {
    await withContext(browser, {}, async (context) => {
      const href = fileUrl(OUTPUT, STEP1);
      const p = await open(context, href);
      assert.equal(await p.page.isVisible('#storage'), false, 'storage works from disk in Chromium');
      await p.page.check('#item-s1-own-dr-choice');
      await p.page.reload();
      assert.deepEqual((await state(p.page)).checked, ['s1-own-dr-choice']);
      assert.equal((await state(p.page)).count, '1 of 13 done');
      // Folder links point at index.html, so they open the page rather than a listing.
      assert.equal(await p.page.$eval('.back a', (a) => a.href), fileUrl(OUTPUT, 'step-1-map-the-path'));
      assert.equal(await p.page.$eval('.next a', (a) => a.href), fileUrl(OUTPUT, STEP2));
      assert.equal(await p.page.$eval('.see', (a) => a.href), `${fileUrl(OUTPUT, 'step-1-map-the-path')}#eligibility-first`);
      assert.equal(await p.page.$eval('.site-search', (f) => f.action), fileUrl(OUTPUT, 'search'));
      assert.equal(await p.page.textContent('#address'), href);
      const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.click('#plan-export')]);
      assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(await download.path(), 'utf8')).ticks), ['s1-own-dr-choice']);
      await p.page.click('#plan-share');
      assert.match(await p.page.inputValue('#plan-link'), new RegExp(`^${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#ticks=2\\.[a-z0-9]+,s1-own-dr-choice\\.0$`));
      await p.page.click('.back a');
      await p.page.waitForURL(fileUrl(OUTPUT, 'step-1-map-the-path'));
      assert.equal(await p.page.textContent('.checklist-cta .progress-note'), '1 of 13 done');
      assert.deepEqual(p.errors, []);
    });
    // A single checklist page saved alone to disk still works.
    await withContext(browser, {}, async (context) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-alone-'));
      tmp.push(dir);
      const alone = path.join(dir, 'checklist.html');
      fs.copyFileSync(path.join(OUTPUT, STEP1, 'index.html'), alone);
      const p = await open(context, `file://${alone}`);
      await p.page.check('#item-s1-list-gaps');
      await p.page.reload();
      assert.deepEqual((await state(p.page)).checked, ['s1-list-gaps']);
      p.clean();
    });
  });

  test('with base_url the canonical address is printed; other guides keep their own ticks', async () => {
    const out = buildSite(FIXTURES, '--base-url', 'https://example.org/cl/');
    tmp.push(out);
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fileUrl(out, 'first/checklist'));
      assert.equal(await p.page.textContent('#address'), 'https://example.org/cl/first/checklist/');
      assert.equal(await p.page.getAttribute('link[rel=canonical]', 'href'), 'https://example.org/cl/first/checklist/');
      // Text with markup characters is shown as text.
      assert.equal(await p.page.textContent('label[for=item-ask-mentor]'), 'Ask a mentor "why" & <check> the answer');
      await p.page.check('#item-read-overview');
      const q = await open(context, fileUrl(out, 'extra/deep/checklist'));
      assert.equal(await q.page.getAttribute('#main', 'data-guide'), 'extra');
      assert.equal((await state(q.page)).count, '0 of 1 done');
      await q.page.check('#item-extra-one');
      assert.deepEqual(await q.page.evaluate(() => Object.keys(localStorage).sort()), [
        'stepwise:cl-fixture:extra:v2',
        'stepwise:cl-fixture:main:v2',
      ]);
      p.clean();
      q.clean();
    });
  });
});

// With CI set, a missing browser is a failure, never a skip.
test('a browser is available', { skip: skip && `skipped: ${skip}` }, () => {
  assert.equal(why, null, `CI is set and the browser tests cannot run: ${why}`);
});

// Fail loudly if SITE_ROOT is wrong, rather than testing nothing.
test('SITE_ROOT holds the project', () => {
  assert.ok(fs.existsSync(path.join(SITE_ROOT, 'Cargo.toml')), `SITE_ROOT=${SITE_ROOT}`);
});
