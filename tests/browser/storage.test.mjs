// The reader's ticks across builds, versions and devices, in real headless
// Chromium: ticks saved by the previous version are moved over on the first
// visit; renumbering steps, moving an item to another step or group and
// reordering keep them, removing an item drops only its own; the whole
// guide's ticks go to another browser as one file or one link, and merging
// two devices' ticks keeps the later change of each item.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUTPUT, SITE_ROOT, STEPWISE, KEY, missing, launch, serve, open, withContext, stored } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

const OLD = 'stepwise:ir-usimg:main:v1:';
const STEP1 = 'step-1-map-the-path/';
const STEP2 = 'step-2-usmle-and-transcripts/';
const STEP3 = 'step-3-build-your-ir-story/';
const CAL = 'application-calendar/';

/** A copy of the bundled guide's sources (content, site.yaml, theme) in a temp folder. */
function copySite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-site-'));
  for (const p of ['content', 'themes', 'site.yaml']) fs.cpSync(path.join(SITE_ROOT, p), path.join(root, p), { recursive: true });
  return root;
}

/** Builds `root` into `out` (again, when it was built before). */
function build(root, out) {
  execFileSync(STEPWISE, ['build', '--quiet', '--root', root, '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Edits the content file `name` of `root` with `fn`. */
function edit(root, name, fn) {
  const file = path.join(root, 'content', name);
  const before = fs.readFileSync(file, 'utf8');
  const after = fn(before);
  assert.notEqual(after, before, `${name} changed`);
  fs.writeFileSync(file, after);
}

/** The checklist item `id`'s lines in front matter, cut from `text`: [rest, lines]. */
function cutItem(text, id) {
  const m = new RegExp(`      - id: ${id}\\n(?:        .*\\n)+`).exec(text);
  assert.ok(m, `item ${id} found`);
  return [text.slice(0, m.index) + text.slice(m.index + m[0].length), m[0]];
}

const checked = (page) => page.$$eval('#list input:checked', (bs) => bs.map((b) => b.value));
const count = (page) => page.textContent('#count');

describe('ticks across builds, versions and devices', { skip }, () => {
  let browser;
  const tmp = [];

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, 'index.html')), `build the bundled guide first (${OUTPUT})`);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    for (const dir of tmp) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('ticks made under the previous version are there in the new one, with nothing lost', async () => {
    // The previous version's checklist pages (tests/fixtures/theme-v1), then this version's, at one address.
    const root = copySite();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-out-'));
    tmp.push(root, out);
    fs.cpSync(path.join(SITE_ROOT, 'tests', 'fixtures', 'theme-v1'), path.join(root, 'themes', 'v1'), { recursive: true });
    fs.appendFileSync(path.join(root, 'site.yaml'), '\ntheme: v1\n');
    build(root, out);
    const server = await serve(out);
    try {
      await withContext(browser, {}, async (context) => {
        // Under the previous version: ticks on two steps and the calendar, one unticked again.
        const ticks = { [STEP1]: ['s1-list-gaps', 's1-sketch-timeline', 's1-own-dr-choice'], [STEP2]: [], [CAL]: [] };
        const p = await open(context, `${server.base}${STEP1}checklist/`);
        assert.equal(await p.page.getAttribute('#main', 'data-key'), `${OLD}1`, 'the previous version\'s page');
        for (const id of ticks[STEP1]) await p.page.check(`#item-${id}`);
        await p.page.uncheck('#item-s1-own-dr-choice');
        ticks[STEP1].pop();
        for (const rel of [STEP2, CAL]) {
          const q = await open(context, `${server.base}${rel}checklist/`);
          const all = await q.page.$$eval('#list input', (bs) => bs.map((b) => b.value));
          for (const id of all.slice(0, 2)) await q.page.check(`#item-${id}`);
          ticks[rel] = all.slice(0, 2);
        }
        const keys = await p.page.evaluate(() => Object.keys(localStorage).sort());
        assert.deepEqual(keys, [`${OLD}1`, `${OLD}2`, `${OLD}page-application-calendar`]);
        // A damaged key of the previous version is left alone.
        await p.page.evaluate((k) => localStorage.setItem(k, '{broken'), `${OLD}3`);

        // This version, built into the same folder: the first page opened moves the ticks over.
        fs.writeFileSync(path.join(root, 'site.yaml'), fs.readFileSync(path.join(SITE_ROOT, 'site.yaml')));
        build(root, out);
        const home = await open(context, server.base);
        assert.equal(await home.page.$eval('.step-item', (li) => li.querySelector('.step-progress').textContent), '2 of 13 done');
        assert.deepEqual(await home.page.evaluate(() => Object.keys(localStorage).sort()), [`${OLD}3`, KEY], 'the old keys that were read are gone; the damaged one stays');
        assert.deepEqual(await stored(home.page), Object.fromEntries(Object.values(ticks).flat().map((id) => [id, 1])));
        for (const [rel, ids] of Object.entries(ticks)) {
          const q = await open(context, `${server.base}${rel}checklist/`);
          assert.equal(await q.page.getAttribute('#main', 'data-key'), null, 'this version\'s page');
          assert.deepEqual(await checked(q.page), ids, rel);
          q.clean();
        }
        home.noErrors();
      });
    } finally {
      await server.close();
    }
  });

  test('old keys written by hand move over on the first visit of any page; a record of this version wins', async () => {
    const server = await serve(OUTPUT);
    try {
      await withContext(browser, {}, async (context) => {
        const p = await open(context, `${server.base}${STEP2}`);
        await p.page.evaluate(([old, key]) => {
          localStorage.setItem(`${old}1`, JSON.stringify({ v: 1, done: ['s1-list-gaps', 's1-compare-pathways', 'gone-item', 7] }));
          localStorage.setItem(`${old}page-application-calendar`, JSON.stringify({ v: 1, done: ['cal-eras-dates'] }));
          // Unticked since, in this version: the later state stays.
          localStorage.setItem(key, JSON.stringify({ v: 2, ticks: { 's1-compare-pathways': [0, 1767225600000] } }));
        }, [OLD, KEY]);
        await p.page.reload();
        assert.deepEqual(await stored(p.page), { 's1-compare-pathways': 0, 's1-list-gaps': 1, 'gone-item': 1, 'cal-eras-dates': 1 });
        assert.deepEqual(await p.page.evaluate(() => Object.keys(localStorage)), [KEY]);
        const c = await open(context, `${server.base}${STEP1}checklist/`);
        assert.deepEqual(await checked(c.page), ['s1-list-gaps']);
        p.noErrors();
        c.clean();
      });
    } finally {
      await server.close();
    }
  });

  test('renumbering steps, moving an item to another step and group, and reordering keep every tick; removing an item drops only its own', async () => {
    const root = copySite();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-out-'));
    tmp.push(root, out);
    build(root, out);
    const server = await serve(out);
    try {
      await withContext(browser, {}, async (context) => {
        const c1 = await open(context, `${server.base}${STEP1}checklist/`);
        for (const id of ['s1-list-gaps', 's1-sketch-timeline', 's1-compare-pathways', 's1-own-dr-choice']) await c1.page.check(`#item-${id}`);
        const c2 = await open(context, `${server.base}${STEP2}checklist/`);
        const ids2 = await c2.page.$$eval('#list input', (bs) => bs.map((b) => b.value));
        for (const id of ids2.slice(0, 3)) await c2.page.check(`#item-${id}`);
        assert.equal(await count(c1.page), '4 of 13 done');

        // A new first step: every step's number goes up by one.
        for (const [file, n] of [['step-1-map-the-path.md', 1], ['step-2-usmle-and-transcripts.md', 2], ['step-3-build-your-ir-story.md', 3], ['step-4-letters-and-networking.md', 4], ['step-5-applications-and-match.md', 5]]) {
          edit(root, file, (t) => t.replace(new RegExp(`^step: ${n}$`, 'm'), `step: ${n + 1}`).replace(new RegExp(`^title: "Step ${n} `, 'm'), `title: "Step ${n + 1} `));
        }
        fs.writeFileSync(path.join(root, 'content', 'step-0-before-you-start.md'), [
          '---', 'title: "Step 1 — Before you start"', 'weight: 1', 'step: 1', 'checklist:', '  - group: "First"', '    items:',
          '      - id: s0-read-this', '        text: "Read this page"', '---', 'A new first step.', '',
        ].join('\n'));
        // s1-list-gaps moves to step 3's first group; s1-compare-pathways is removed; step 1's groups are reordered.
        let moved;
        edit(root, 'step-1-map-the-path.md', (t) => {
          let rest;
          [rest, moved] = cutItem(t, 's1-list-gaps');
          [rest] = cutItem(rest, 's1-compare-pathways');
          return rest;
        });
        moved = moved.replace(/see: "#/, `see: "step-1-map-the-path.md#`);
        edit(root, 'step-3-build-your-ir-story.md', (t) => t.replace(/^    items:\n/m, (m) => m + moved));
        edit(root, 'step-1-map-the-path.md', (t) => {
          const groups = t.split(/(?=^  - group: )/m);
          const last = groups.pop();
          const [end, ...rest] = last.split(/(?=^---$)/m);
          return [groups[0], end, ...groups.slice(1), ...rest].join('');
        });
        build(root, out);

        await c1.page.reload();
        assert.equal(await c1.page.getAttribute('#main', 'data-step'), '2', 'step 1 is now step 2');
        assert.deepEqual((await checked(c1.page)).sort(), ['s1-own-dr-choice', 's1-sketch-timeline']);
        assert.equal(await count(c1.page), '2 of 11 done');
        const c3 = await open(context, `${server.base}${STEP3}checklist/`);
        assert.deepEqual(await checked(c3.page), ['s1-list-gaps'], 'the moved item keeps its tick on its new step');
        await c2.page.reload();
        assert.deepEqual(await checked(c2.page), ids2.slice(0, 3));
        const home = await open(context, server.base);
        const notes = await home.page.$$eval('.step-item .step-progress', (ns) => ns.map((n) => n.textContent));
        assert.deepEqual(notes.slice(0, 4), ['0 of 1 done', '2 of 11 done', `3 of ${ids2.length} done`, notes[3]]);
        assert.match(notes[3], /^1 of \d+ done$/);
        assert.match(await home.page.textContent('.guide-progress-text'), /^Your progress: 6 of \d+ actions done/, 'the removed item counts nowhere');
        for (const p of [c1, c2, c3]) p.clean();
        home.noErrors();
      });
    } finally {
      await server.close();
    }
  });

  test('the whole guide in one file: export from the home page, import into a fresh browser, same ticks', async () => {
    const server = await serve(OUTPUT);
    let file;
    let mine;
    try {
      await withContext(browser, {}, async (context) => {
        for (const [rel, n] of [[STEP1, 3], [STEP3, 2], [CAL, 4]]) {
          const c = await open(context, `${server.base}${rel}checklist/`);
          const all = await c.page.$$eval('#list input', (bs) => bs.map((b) => b.value));
          for (const id of all.slice(0, n)) await c.page.check(`#item-${id}`);
          await c.page.uncheck(`#item-${all[0]}`);
          await c.page.close();
        }
        const home = await open(context, server.base);
        mine = await stored(home.page);
        assert.equal(Object.values(mine).filter(Boolean).length, 6);
        const [download] = await Promise.all([home.page.waitForEvent('download'), home.page.click('#plan-export')]);
        assert.equal(download.suggestedFilename(), 'progress-ir-usimg-main.json');
        file = fs.readFileSync(await download.path(), 'utf8');
        const data = JSON.parse(file);
        assert.deepEqual(Object.keys(data), ['stepwise', 'version', 'site', 'guide', 'exported', 'ticks']);
        assert.equal(data.version, 2);
        assert.equal(data.site, 'ir-usimg');
        assert.equal(data.guide, 'main');
        assert.ok(Object.values(data.ticks).every((t) => typeof t.done === 'boolean' && !Number.isNaN(Date.parse(t.at))));
        assert.match(await home.page.textContent('#plan-msg'), /^Exported your ticks in this guide \(6 of \d+ done\) as progress-ir-usimg-main\.json\.$/);
        home.noErrors();
      });
      await withContext(browser, {}, async (context) => {
        const c = await open(context, `${server.base}${STEP2}checklist/`);
        const [chooser] = await Promise.all([c.page.waitForEvent('filechooser'), c.page.click('#plan-import')]);
        await chooser.setFiles({ name: 'progress-ir-usimg-main.json', mimeType: 'application/json', buffer: Buffer.from(file) });
        await c.page.locator('#ask').waitFor({ state: 'visible' });
        assert.match(await c.page.textContent('#ask-body'), /Merging progress-ir-usimg-main\.json with the ticks in this browser: 6 ticks added\./);
        await c.page.click('#ask-ok');
        assert.match(await c.page.textContent('#plan-msg'), /^Imported progress-ir-usimg-main\.json: 6 ticks added\. 6 of \d+ done in this guide\.$/);
        assert.deepEqual(await stored(c.page), mine);
        // Importing the same file again changes nothing and says so.
        const [again] = await Promise.all([c.page.waitForEvent('filechooser'), c.page.click('#plan-import')]);
        await again.setFiles({ name: 'same.json', mimeType: 'application/json', buffer: Buffer.from(file) });
        await c.page.waitForFunction(() => /Nothing to merge/.test(document.getElementById('plan-msg').textContent));
        assert.equal(await c.page.textContent('#plan-msg'), 'Nothing to merge: same.json has no change newer than your ticks.');
        c.clean();
      });
    } finally {
      await server.close();
    }
  });

  test('files that are no export of this guide change nothing; one checklist\'s export of the previous version adds its ticks', async () => {
    const server = await serve(OUTPUT);
    try {
      await withContext(browser, {}, async (context) => {
        const p = await open(context, `${server.base}${STEP1}checklist/`);
        await p.page.check('#item-s1-list-gaps');
        const importFile = async (name, content) => {
          await p.page.evaluate(() => { document.getElementById('plan-msg').textContent = ''; });
          const [chooser] = await Promise.all([p.page.waitForEvent('filechooser'), p.page.click('#plan-import')]);
          await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
          await p.page.waitForFunction(() => document.getElementById('plan-msg').textContent !== '' || document.getElementById('ask').open);
          return p.page.textContent('#plan-msg');
        };
        const good = { stepwise: 'checklist progress', version: 2, site: 'ir-usimg', guide: 'main', exported: '2027-01-01T00:00:00.000Z', ticks: { 's1-own-dr-choice': { done: true, at: '2027-01-01T00:00:00.000Z' } } };
        const bad = [
          ['broken.json', '{"site": "ir-usimg", "ticks": [', /^Not imported: broken\.json is not valid JSON\. Nothing was changed\.$/],
          ['other-site.json', JSON.stringify({ ...good, site: 'someone-else' }), /is from another guide \(someone-else \/ main\)\. Nothing was changed/],
          ['other-guide.json', JSON.stringify({ ...good, guide: 'extra' }), /is from another guide .*Nothing was changed/],
          ['not-export.json', JSON.stringify({ hello: 'world' }), /is not a checklist export\. Nothing was changed/],
          ['array.json', '[1, 2, 3]', /is not a checklist export/],
          ['null.json', 'null', /is not a checklist export/],
          ['future.json', JSON.stringify({ ...good, version: 3 }), /is not a checklist export/],
          ['no-ticks.json', JSON.stringify({ ...good, ticks: [] }), /is not a checklist export/],
        ];
        for (const [name, content, message] of bad) {
          assert.match(await importFile(name, content), message, name);
          assert.equal(await p.page.getAttribute('#plan-msg', 'class'), 'bad');
          assert.deepEqual(await stored(p.page), { 's1-list-gaps': 1 }, `${name} changed nothing`);
        }
        // One checklist's export, as the previous version wrote it: its ticks are added, none removed.
        const v1 = { site: 'ir-usimg', guide: 'main', step: 1, version: 1, exported: '2026-10-01T12:00:00.000Z', done: ['s1-sketch-timeline', 's1-list-advantages'] };
        await importFile('checklist-ir-usimg-main-step-1.json', JSON.stringify(v1));
        assert.match(await p.page.textContent('#ask-body'), /2 ticks added\./);
        await p.page.click('#ask-ok');
        assert.deepEqual((await checked(p.page)).sort(), ['s1-list-advantages', 's1-list-gaps', 's1-sketch-timeline']);
        p.clean();
      });
    } finally {
      await server.close();
    }
  });

  test('merging two devices: each item\'s later change wins, and the dialog says what changes before anything does', async () => {
    const server = await serve(OUTPUT);
    const at = (iso) => new Date(iso);
    try {
      // The phone: ticks on Jan 5; unticks one of them on Jan 9.
      const phone = await withContext(browser, {}, async (context) => {
        await context.clock.setFixedTime(at('2027-01-05T10:00:00Z'));
        const c = await open(context, `${server.base}${STEP1}checklist/`);
        for (const id of ['s1-list-gaps', 's1-sketch-timeline', 's1-own-dr-choice']) await c.page.check(`#item-${id}`);
        await context.clock.setFixedTime(at('2027-01-09T10:00:00Z'));
        await c.page.uncheck('#item-s1-own-dr-choice');
        await c.page.click('#plan-share');
        return c.page.inputValue('#plan-link');
      });
      assert.match(phone, /#ticks=2\.[a-z0-9]+(,[a-z0-9-]+(\.-?[a-z0-9]*)?)+$/);
      assert.ok(phone.length < 300, `a compact link: ${phone}`);
      // The laptop: ticked s1-own-dr-choice on Jan 7 (the phone's untick is later), unticked
      // s1-sketch-timeline on Jan 3 (the phone's tick is later), ticked s1-list-advantages on Jan 8.
      await withContext(browser, {}, async (context) => {
        await context.clock.setFixedTime(at('2027-01-03T10:00:00Z'));
        const c = await open(context, `${server.base}${STEP1}checklist/`);
        await c.page.check('#item-s1-sketch-timeline');
        await c.page.uncheck('#item-s1-sketch-timeline');
        await context.clock.setFixedTime(at('2027-01-07T10:00:00Z'));
        await c.page.check('#item-s1-own-dr-choice');
        await context.clock.setFixedTime(at('2027-01-08T10:00:00Z'));
        await c.page.check('#item-s1-list-advantages');
        assert.deepEqual(await checked(c.page), ['s1-list-advantages', 's1-own-dr-choice']);

        await c.page.goto(phone);
        await c.page.locator('#ask').waitFor({ state: 'visible' });
        assert.match(await c.page.textContent('#ask-body'), /Merging the link you opened with the ticks in this browser: 2 ticks added, 1 removed\./);
        const items = await c.page.$$eval('#ask-body li', (li) => li.map((x) => x.textContent));
        const label = (id) => c.page.textContent(`label[for=item-${id}]`);
        assert.deepEqual(items.sort(), [`Ticked: ${await label('s1-list-gaps')}`, `Ticked: ${await label('s1-sketch-timeline')}`, `Unticked: ${await label('s1-own-dr-choice')}`].sort());
        assert.deepEqual(await checked(c.page), ['s1-list-advantages', 's1-own-dr-choice'], 'nothing changes before the answer');
        assert.equal(new URL(c.page.url()).hash, '', 'the fragment is cleared so a reload does not ask again');
        await c.page.click('#ask-ok');
        assert.deepEqual((await checked(c.page)).sort(), ['s1-list-advantages', 's1-list-gaps', 's1-sketch-timeline']);
        assert.match(await c.page.textContent('#plan-msg'), /^Ticks merged from the link: 2 ticks added, 1 removed\. 3 of \d+ done in this guide\.$/);
        // The same link again: nothing newer.
        await c.page.goto(phone);
        await c.page.waitForFunction(() => /Nothing to merge/.test(document.getElementById('plan-msg').textContent));
        assert.equal(await c.page.isVisible('#ask'), false);
      });
    } finally {
      await server.close();
    }
  });

  test('one shared link for the whole guide, from the home page: the system share sheet where there is one; opened in a fresh browser, declined, or unreadable', async () => {
    const server = await serve(OUTPUT);
    try {
      const link = await withContext(browser, {}, async (context) => {
        await context.addInitScript(() => {
          window.shared = [];
          Object.defineProperty(navigator, 'share', { configurable: true, value: (data) => { window.shared.push(data); return Promise.resolve(); } });
        });
        for (const rel of [STEP1, STEP2, CAL]) {
          const c = await open(context, `${server.base}${rel}checklist/`);
          await c.page.check('#list input >> nth=0');
          await c.page.close();
        }
        const home = await open(context, server.base);
        await home.page.click('#plan-share');
        await home.page.waitForFunction(() => window.shared.length === 1);
        const [data] = await home.page.evaluate(() => window.shared);
        assert.equal(data.url, await home.page.inputValue('#plan-link'));
        assert.ok(data.url.startsWith(`${server.base}#ticks=2.`), data.url);
        assert.match(await home.page.textContent('#plan-msg'), /^Link shared\./);
        home.noErrors();
        return data.url;
      });
      await withContext(browser, {}, async (context) => {
        const home = await open(context, link);
        await home.page.locator('#ask').waitFor({ state: 'visible' });
        assert.match(await home.page.textContent('#ask-body'), /3 ticks added\./);
        assert.match(await home.page.textContent('#ask-body'), /Where an item changed in both places, the later change wins/);
        await home.page.click('#ask-ok');
        await home.page.waitForFunction(() => /^Your progress: 3 of/.test(document.querySelector('.guide-progress-text').textContent));
        const notes = await home.page.$$eval('.step-item .step-progress', (ns) => ns.map((n) => n.textContent));
        assert.match(notes[0], /^1 of/);
        assert.match(notes[1], /^1 of/);
        for (const rel of [STEP1, STEP2, CAL]) {
          const c = await open(context, `${server.base}${rel}checklist/`);
          assert.equal((await checked(c.page)).length, 1, rel);
          c.clean();
        }
        home.noErrors();
      });
      // Declined: nothing is stored. Unreadable: said so.
      await withContext(browser, {}, async (context) => {
        const p = await open(context, link);
        await p.page.locator('#ask').waitFor({ state: 'visible' });
        await p.page.click('#ask button[value=no]');
        await p.page.locator('#ask').waitFor({ state: 'hidden' });
        assert.equal(await stored(p.page), null, 'declining stores nothing');
        for (const bad of ['#ticks=%E0%A4%A', '#ticks=3.x,a', '#ticks=2.0,Bad', '#done=a;b']) {
          const q = await open(context, `${server.base}${STEP1}checklist/${bad}`);
          assert.match(await q.page.textContent('#plan-msg'), /cannot read: nothing was changed/, bad);
          assert.equal(await q.page.isVisible('#ask'), false);
          q.clean();
        }
        // A link of one checklist made by the previous version adds its ticks.
        const old = await open(context, `${server.base}${STEP1}checklist/#done=s1-list-gaps,no-such-item`);
        await old.page.locator('#ask').waitFor({ state: 'visible' });
        assert.match(await old.page.textContent('#ask-body'), /1 tick added\./);
        await old.page.click('#ask-ok');
        assert.deepEqual(await checked(old.page), ['s1-list-gaps']);
        p.noErrors();
        old.clean();
      });
    } finally {
      await server.close();
    }
  });
});
