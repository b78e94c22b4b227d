// The checklist page in real headless Chromium: over http at a subpath and
// from file://, with the network log and uncaught errors watched throughout.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  OUTPUT, SITE_ROOT, FIXTURES, missing, launch, serve, open, axe, fileUrl, checklistPages, buildSite, withContext,
} from './harness.mjs';

const why = missing();
// With CI set a missing browser fails every test (before() throws); elsewhere the suite is skipped.
const skip = why && !process.env.CI ? why : false;

const STEP1 = 'step-1-map-the-path/checklist/';
const STEP2 = 'step-2-usmle-and-transcripts/checklist/';

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
  const stored = (page) => page.evaluate(() => {
    const v = localStorage.getItem(document.getElementById('main').dataset.key);
    return v === null ? null : JSON.parse(v);
  });
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
        assert.equal(await p.page.isVisible('#storage'), false, 'no storage notice over http');
        assert.equal(await p.page.isVisible('#share-box'), false, 'the share box waits for Share link');
        assert.equal(await p.page.isVisible('#ask'), false);
        const key = await p.page.getAttribute('#main', 'data-key');
        const step = await p.page.getAttribute('#main', 'data-step');
        assert.equal(key, `stepwise:ir-usimg:main:v1:${step}`);
        p.clean();
        await p.page.close();
      }
    });
    // Only the pages themselves were served: no CSS, script, font or icon file.
    const asked = new Set(server.log.slice(start));
    assert.deepEqual([...asked].sort(), pages.map((r) => `/guide/${r}`).sort());
  });

  test('a tick survives a reload; progress bar, text and group counts follow', async () => {
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
      assert.deepEqual(await stored(p.page), { v: 1, done: ['s1-list-gaps', 's1-compare-pathways', 's1-sketch-timeline'] });

      await p.page.uncheck('#item-s1-compare-pathways');
      await p.page.reload();
      s = await state(p.page);
      assert.deepEqual(s.checked, ['s1-list-gaps', 's1-sketch-timeline']);
      assert.equal(s.count, '2 of 13 done');
      assert.equal(s.bar, 2);
      assert.deepEqual(s.groups, ['(0 of 2)', '(1 of 3)', '(0 of 4)', '(1 of 4)']);

      // Another step keeps its own ticks under its own key.
      const q = await open(context, url(STEP2));
      assert.equal((await state(q.page)).checked.length, 0);
      // A second tab of the same checklist follows the first one's ticks.
      const other = await open(context, url(STEP1));
      await p.page.check('#item-s1-list-advantages');
      await other.page.waitForFunction(() => document.getElementById('count').textContent === '3 of 13 done');
      assert.equal(await other.page.isChecked('#item-s1-list-advantages'), true);
      p.clean();
      q.clean();
      other.clean();
    });
  });

  test('ticks are matched by id: unknown ids are ignored but kept, order does not matter', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      const key = await p.page.getAttribute('#main', 'data-key');
      await p.page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ v: 1, done: ['s1-sketch-timeline', 'gone-item', 's1-list-gaps', 7] })), key);
      await p.page.reload();
      let s = await state(p.page);
      assert.deepEqual(s.checked, ['s1-list-gaps', 's1-sketch-timeline']);
      assert.equal(s.count, '2 of 13 done');
      await p.page.check('#item-s1-own-dr-choice');
      assert.deepEqual((await stored(p.page)).done.sort(), ['gone-item', 's1-list-gaps', 's1-own-dr-choice', 's1-sketch-timeline']);
      p.clean();
    });
  });

  test('reset asks first, then clears every tick', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      for (const id of ['s1-list-gaps', 's1-compare-pathways', 's1-own-dr-choice']) await p.page.check(`#item-${id}`);
      await p.page.click('#reset');
      const dialog = p.page.locator('#ask');
      await dialog.waitFor({ state: 'visible' });
      assert.match(await dialog.textContent(), /Reset this checklist\?[\s\S]*clears every tick of this step \(3 of 13 done now\)/);
      await p.page.click('#ask button[value=no]');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal((await state(p.page)).count, '3 of 13 done', 'cancel keeps the ticks');
      assert.equal((await stored(p.page)).done.length, 3);

      await p.page.click('#reset');
      await p.page.click('#ask-ok');
      await dialog.waitFor({ state: 'hidden' });
      const s = await state(p.page);
      assert.deepEqual(s.checked, []);
      assert.equal(s.count, '0 of 13 done');
      assert.equal(s.bar, 0);
      assert.deepEqual(await stored(p.page), { v: 1, done: [] });
      assert.equal(await p.page.textContent('#msg'), 'All ticks cleared.');
      await p.page.reload();
      assert.deepEqual((await state(p.page)).checked, []);
      p.clean();
    });
  });

  test('keyboard alone: tick, reset with the dialog, visible focus', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      const focused = () => p.page.evaluate(() => document.activeElement.id);
      const tabTo = async (id) => {
        for (let i = 0; i < 60 && (await focused()) !== id; i++) await p.page.keyboard.press('Tab');
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

  test('a page that is no step keeps its own ticks and exports under its own name', async () => {
    await withContext(browser, {}, async (context) => {
      const cal = 'application-calendar/checklist/';
      assert.ok(pages.includes(cal), `the bundled guide's calendar has a checklist (${pages})`);
      const p = await open(context, url(cal));
      const first = (await ids(p.page))[0];
      const total = (await ids(p.page)).length;
      await p.page.check(`#item-${first}`);
      await p.page.reload();
      assert.deepEqual((await state(p.page)).checked, [first]);
      assert.equal((await state(p.page)).count, `1 of ${total} done`);
      const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.click('#export')]);
      assert.equal(download.suggestedFilename(), 'checklist-ir-usimg-main-page-application-calendar.json');
      const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
      assert.equal(data.step, 'page-application-calendar');
      assert.deepEqual(data.done, [first]);
      // A step's ticks do not land here.
      const [chooser] = await Promise.all([p.page.waitForEvent('filechooser'), p.page.click('#import')]);
      await chooser.setFiles({ name: 's.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...data, step: 1 })) });
      await p.page.waitForFunction(() => document.getElementById('msg').textContent !== '');
      assert.match(await p.page.textContent('#msg'), /is for step 1, not page-application-calendar\. Nothing was changed/);
      // The step pages' ticks are kept apart from this page's.
      const s1 = await open(context, url(STEP1));
      assert.equal((await state(s1.page)).count.startsWith('0 of'), true);
      for (const q of [p, s1]) q.clean();
    });
  });

  test('export then import round trip; wrong or malformed files change nothing', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      await p.page.check('#item-s1-list-gaps');
      await p.page.check('#item-s1-sketch-timeline');
      const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.click('#export')]);
      assert.equal(download.suggestedFilename(), 'checklist-ir-usimg-main-step-1.json');
      const file = await download.path();
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(Object.keys(data).sort(), ['done', 'exported', 'guide', 'site', 'step', 'version']);
      assert.equal(data.site, 'ir-usimg');
      assert.equal(data.guide, 'main');
      assert.equal(data.step, 1);
      assert.equal(data.version, 1);
      assert.ok(!Number.isNaN(Date.parse(data.exported)) && data.exported.endsWith('Z'), data.exported);
      assert.deepEqual(data.done, ['s1-list-gaps', 's1-sketch-timeline']);

      const importFile = async (name, content) => {
        const [chooser] = await Promise.all([p.page.waitForEvent('filechooser'), p.page.click('#import')]);
        const before = await p.page.textContent('#msg');
        await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
        await p.page.waitForFunction((b) => document.getElementById('msg').textContent !== b, before);
        return p.page.textContent('#msg');
      };

      // Reset, then bring the ticks back from the exported file.
      await p.page.click('#reset');
      await p.page.click('#ask-ok');
      assert.equal((await state(p.page)).count, '0 of 13 done');
      await p.page.check('#item-s1-own-dr-choice');
      assert.match(await importFile('mine.json', fs.readFileSync(file)), /^Imported mine\.json: 2 of 13 done\.$/);
      assert.deepEqual((await state(p.page)).checked, ['s1-list-gaps', 's1-sketch-timeline'], 'import replaces the ticks');
      assert.deepEqual(await stored(p.page), { v: 1, done: ['s1-list-gaps', 's1-sketch-timeline'] });

      const bad = [
        ['broken.json', '{"site": "ir-usimg", "done": [', /Not imported: broken\.json is not valid JSON\. Nothing was changed\./],
        ['other-step.json', JSON.stringify({ ...data, step: 2, done: ['s1-list-advantages'] }), /is for step 2, not step 1\. Nothing was changed/],
        ['other-site.json', JSON.stringify({ ...data, site: 'someone-else', done: ['s1-list-advantages'] }), /is from another guide \(someone-else \/ main\)\. Nothing was changed/],
        ['other-guide.json', JSON.stringify({ ...data, guide: 'extra', done: ['s1-list-advantages'] }), /is from another guide .*Nothing was changed/],
        ['not-export.json', JSON.stringify({ hello: 'world' }), /is not a checklist export\. Nothing was changed/],
        ['array.json', '[1, 2, 3]', /is not a checklist export/],
        ['null.json', 'null', /is not a checklist export/],
        ['future.json', JSON.stringify({ ...data, version: 2 }), /is not a checklist export/],
      ];
      for (const [name, content, message] of bad) {
        await p.page.evaluate(() => { document.getElementById('msg').textContent = ''; });
        assert.match(await importFile(name, content), message, name);
        assert.equal(await p.page.getAttribute('#msg', 'class'), 'bad');
        assert.deepEqual((await state(p.page)).checked, ['s1-list-gaps', 's1-sketch-timeline'], `${name} changed nothing`);
        assert.deepEqual(await stored(p.page), { v: 1, done: ['s1-list-gaps', 's1-sketch-timeline'] }, `${name} stored nothing`);
      }
      p.clean();
    });
  });

  test('share link round trip: opening it shows what it sets and asks first', async () => {
    let link;
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      for (const id of ['s1-list-advantages', 's1-start-esir-spreadsheet', 's1-sketch-timeline']) await p.page.check(`#item-${id}`);
      await p.page.click('#share');
      link = await p.page.inputValue('#share-url');
      assert.equal(link, `${url(STEP1)}#done=s1-list-advantages,s1-start-esir-spreadsheet,s1-sketch-timeline`);
      assert.equal(await p.page.evaluate(() => document.activeElement.id), 'share-url');
      // The clipboard answers asynchronously (and may refuse): either way the reader is told.
      await p.page.waitForFunction(() => /^(Link copied|Copy the link above)\. Opening it shows these ticks/.test(document.getElementById('msg').textContent));
      p.clean();
    });
    // Another browser, with a different tick of its own.
    await withContext(browser, {}, async (context) => {
      const first = await open(context, url(STEP1));
      await first.page.check('#item-s1-list-gaps');
      await first.page.close();
      const p = await open(context, link);
      const dialog = p.page.locator('#ask');
      await dialog.waitFor({ state: 'visible' });
      const text = await dialog.textContent();
      assert.match(text, /The link marks 3 of 13 done:/);
      assert.deepEqual(await p.page.$$eval('#ask-body li', (li) => li.map((x) => x.textContent)), [
        await p.page.textContent('label[for=item-s1-list-advantages]'),
        await p.page.textContent('label[for=item-s1-start-esir-spreadsheet]'),
        await p.page.textContent('label[for=item-s1-sketch-timeline]'),
      ]);
      assert.match(text, /You have 1 done now/);
      assert.deepEqual((await state(p.page)).checked, ['s1-list-gaps'], 'nothing changes before the answer');
      assert.equal(new URL(p.page.url()).hash, '', 'the fragment is cleared so a reload does not ask again');
      await p.page.click('#ask-ok');
      await dialog.waitFor({ state: 'hidden' });
      assert.deepEqual((await state(p.page)).checked, ['s1-list-advantages', 's1-start-esir-spreadsheet', 's1-sketch-timeline']);
      assert.deepEqual((await stored(p.page)).done, ['s1-list-advantages', 's1-start-esir-spreadsheet', 's1-sketch-timeline']);
      assert.match(await p.page.textContent('#msg'), /Ticks replaced from the link: 3 of 13 done/);

      // Opening it again: nothing to ask.
      const again = await open(context, link);
      assert.equal(await again.page.textContent('#msg'), 'The link you opened matches your ticks.');
      assert.equal(await again.page.isVisible('#ask'), false);
      p.clean();
      again.clean();
    });
    // Declining keeps the current ticks; unknown ids are ignored; unreadable links say so.
    await withContext(browser, {}, async (context) => {
      const p = await open(context, `${url(STEP1)}#done=s1-list-gaps,no-such-item`);
      await p.page.locator('#ask').waitFor({ state: 'visible' });
      assert.match(await p.page.textContent('#ask'), /marks 1 of 13 done/);
      await p.page.click('#ask button[value=no]');
      await p.page.locator('#ask').waitFor({ state: 'hidden' });
      assert.deepEqual((await state(p.page)).checked, []);
      assert.equal(await stored(p.page), null, 'declining stores nothing');

      const q = await open(context, `${url(STEP1)}#done=%E0%A4%A`);
      assert.match(await q.page.textContent('#msg'), /cannot read: nothing was changed/);
      assert.equal(await q.page.isVisible('#ask'), false);
      p.clean();
      q.clean();
    });
  });

  test('a corrupt stored value: the page still works and says ticks are not saved', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, url(STEP1));
      const key = await p.page.getAttribute('#main', 'data-key');
      for (const bad of ['{not json', 'null', '[]', '{"v":2,"done":[]}', '{"v":1,"done":"s1-list-gaps"}']) {
        await p.page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, bad]);
        await p.page.reload();
        assert.equal(await p.page.isVisible('#storage'), true, bad);
        assert.match(await p.page.textContent('#storage'), /could not be read/);
        await p.page.check('#item-s1-list-gaps');
        assert.equal((await state(p.page)).count, '1 of 13 done', `${bad}: ticking still works`);
        assert.equal(await p.page.evaluate((k) => localStorage.getItem(k), key), bad, 'damaged data is not overwritten by a tick');
      }
      // Reset (asked first) replaces the damaged value and saving works again.
      await p.page.click('#reset');
      await p.page.click('#ask-ok');
      assert.equal(await p.page.isVisible('#storage'), false);
      await p.page.check('#item-s1-own-dr-choice');
      assert.deepEqual(await stored(p.page), { v: 1, done: ['s1-own-dr-choice'] });
      p.clean();
    });
  });

  test('storage disabled: a notice, no exception, ticking works for the visit', async () => {
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
      const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.click('#export')]);
      assert.deepEqual(JSON.parse(fs.readFileSync(await download.path(), 'utf8')).done, ['s1-list-gaps'], 'export still works');
      const q = await open(context, `${url(STEP1)}#done=s1-list-advantages`);
      await q.page.click('#ask-ok');
      assert.deepEqual((await state(q.page)).checked, ['s1-list-advantages'], 'share links still work');
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

  test('JavaScript disabled: every item is there, labelled, tickable, with the note', async () => {
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
      // Everything shown at once: ticks, storage notice, share box, message, error message.
      const p = await open(context, url(STEP1));
      const key = await p.page.getAttribute('#main', 'data-key');
      await p.page.evaluate((k) => localStorage.setItem(k, '{broken'), key);
      await p.page.reload();
      await p.page.check('#item-s1-list-gaps');
      await p.page.click('#share');
      await check(p.page, 'notice + share box');
      await p.page.evaluate(() => { const m = document.getElementById('msg'); m.className = 'bad'; m.textContent = 'Not imported: x.json is not valid JSON. Nothing was changed.'; });
      await check(p.page, 'error message');
      await p.page.click('#reset');
      await p.page.locator('#ask').waitFor({ state: 'visible' });
      await check(p.page, 'reset dialog');
      const q = await open(context, `${url(STEP1)}#done=s1-list-advantages,s1-list-gaps`);
      await q.page.locator('#ask').waitFor({ state: 'visible' });
      await check(q.page, 'share dialog');
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

  test('print: controls hidden, ticks, title and address printed, items kept whole', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, `${url(STEP1)}`);
      await p.page.check('#item-s1-list-gaps');
      await p.page.click('#share');
      assert.equal(await p.page.isVisible('#address'), false, 'the address is for paper only');
      await p.page.emulateMedia({ media: 'print' });
      for (const sel of ['.controls', '#share', '#reset', '#print', '#share-box', '#msg', '.back', '.see', '#nojs', '#bar']) {
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
      const key = await c1.page.getAttribute('#main', 'data-key');
      await home.page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ v: 1, done: ['s1-list-gaps', 'gone'] })), key);
      await step.page.reload();
      assert.equal(await step.page.textContent('.checklist-cta .progress-note'), `1 of ${total1} done`);
      await home.page.evaluate((k) => localStorage.setItem(k, '{oops'), key);
      await step.page.reload();
      await home.page.reload();
      assert.equal(await step.page.textContent('.checklist-cta .progress-note'), '');
      assert.equal(await home.page.textContent('.step-item .step-progress >> nth=0'), `${total1} actions`);
      for (const p of [c1, c2]) p.clean();
      for (const p of [step, home]) p.noErrors();
    });
  });

  test('from file://: tick and reload, links open pages, no other request', async () => {
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
      assert.equal(await p.page.$eval('.see', (a) => a.href), `${fileUrl(OUTPUT, 'step-1-map-the-path')}#eligibility-first`);
      assert.equal(await p.page.textContent('#address'), href);
      const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.click('#export')]);
      assert.deepEqual(JSON.parse(fs.readFileSync(await download.path(), 'utf8')).done, ['s1-own-dr-choice']);
      await p.page.click('#share');
      const link = await p.page.inputValue('#share-url');
      assert.equal(link, `${href}#done=s1-own-dr-choice`);
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

  test('with base_url the canonical address is printed; other guides get their own key', async () => {
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
      assert.equal(await q.page.getAttribute('#main', 'data-key'), 'stepwise:cl-fixture:extra:v1:1');
      assert.equal((await state(q.page)).count, '0 of 1 done');
      await q.page.check('#item-extra-one');
      assert.deepEqual(await q.page.evaluate(() => Object.keys(localStorage).sort()), [
        'stepwise:cl-fixture:extra:v1:1',
        'stepwise:cl-fixture:main:v1:1',
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
