// The guide's step-by-step overview on its home page, in real headless
// Chromium: ticking items on checklist pages changes the matching step's
// count and the whole guide's on the home page; without JavaScript every
// step is listed with its links; the counts reach screen readers; axe finds
// nothing in any state. Runs on the reader fixture and on the bundled guide,
// whose numbers are read from its pages, never written here.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { OUTPUT, READER, missing, launch, serve, open, axe, buildSite, withContext } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

/** What the overview shows: each step's title, links, progress text and state, and the guide's count. */
const overview = (page) => page.evaluate(() => ({
  steps: [...document.querySelectorAll('.step-by-step .step-item')].map((li) => ({
    number: li.querySelector('.step-number').textContent,
    title: li.querySelector('.step-title a').textContent,
    href: li.querySelector('.step-title a').getAttribute('href'),
    checklist: li.querySelector('.step-checklist a')?.getAttribute('href') || null,
    progress: li.querySelector('.step-progress')?.textContent || '',
    total: +li.getAttribute('data-total'),
    state: li.getAttribute('data-state'),
  })),
  guide: document.querySelector('.guide-progress-text')?.textContent,
  // The checklists of the guide's other pages (a calendar): they count in the guide's total.
  others: [...document.querySelectorAll('.more-pages .progress-note[data-total]')].map((n) => +n.getAttribute('data-total')),
  bar: (() => {
    const b = document.querySelector('.guide-progress-bar');
    return b && { value: b.value, max: b.max, hidden: b.hidden };
  })(),
}));

/** What the guide's progress says: without JavaScript (`done` undefined) or with `done` ticks. */
const guideText = (o, done) => {
  const steps = o.steps.reduce((n, s) => n + s.total, 0);
  const all = steps + o.others.reduce((a, b) => a + b, 0);
  const k = o.others.length;
  if (done === undefined) {
    return k ? `${o.steps.length} steps and ${k} more checklist${k === 1 ? '' : 's'}: ${all} actions to tick off` : `${o.steps.length} steps, ${all} actions to tick off`;
  }
  return `Your progress: ${done} of ${all} actions done${k ? `, in all ${o.steps.length + k} checklists` : ''}`;
};

/** The checkbox ids of a checklist page. */
const itemIds = (page) => page.$$eval('#list input[type=checkbox]', (bs) => bs.map((b) => b.value));

describe('the step-by-step overview', { skip }, () => {
  let browser;
  let fixture;
  let bundled;
  let out;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, 'index.html')), `build the bundled guide first (${OUTPUT})`);
    out = buildSite(READER);
    browser = await launch();
    fixture = await serve(out);
    bundled = await serve(OUTPUT);
  });

  after(async () => {
    await browser?.close();
    await fixture?.close();
    await bundled?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  test('only the steps, in order, each with its summary, step link and checklist link', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      const o = await overview(p.page);
      assert.deepEqual(o.steps.map((s) => [s.number, s.title, s.href, s.checklist]), [
        ['1', 'Step 1 — Tick the boxes', 'step-1-tick-the-boxes/', 'step-1-tick-the-boxes/checklist/'],
        ['2', 'Step 2 — Exams and scores', 'step-2-exams/', 'step-2-exams/checklist/'],
        ['3', 'Step 3 — Letters and networking', 'step-3-letters/', 'step-3-letters/checklist/'],
      ]);
      assert.deepEqual(await p.page.$$eval('.step-summary', (ps) => ps.map((x) => x.textContent)), [
        'Buy what you need and keep sticky notes on the fridge.',
        'Set a target for the clinical knowledge exam and plan around it.',
        'Ask for letters early and keep in touch with the people who write them.',
      ]);
      // The other pages are listed apart from the steps.
      assert.deepEqual(await p.page.$$eval('.more-pages .card-title a', (as) => as.map((a) => a.getAttribute('href'))), ['faq/', 'glossary/', 'calendar/']);
      assert.equal(await p.page.$$eval('.step-by-step a[href="faq/"]', (as) => as.length), 0);
      p.noErrors();
    });
  });

  test('ticks on checklist pages show on the home page: each step and the whole guide (reader fixture)', async () => {
    await withContext(browser, {}, async (context) => {
      const home = await open(context, fixture.base);
      let o = await overview(home.page);
      const total = o.steps.reduce((n, s) => n + s.total, 0);
      assert.deepEqual(o.steps.map((s) => [s.progress, s.state]), o.steps.map((s) => [`0 of ${s.total} done`, 'todo']));
      assert.equal(o.guide, `Your progress: 0 of ${total} actions done`);
      assert.deepEqual(o.bar, { value: 0, max: total, hidden: false });

      // Two of step 1's items, every item of step 3.
      const c1 = await open(context, fixture.base + 'step-1-tick-the-boxes/checklist/');
      const ids1 = await itemIds(c1.page);
      for (const id of ids1.slice(0, 2)) await c1.page.check(`#item-${id}`);
      const c3 = await open(context, fixture.base + 'step-3-letters/checklist/');
      const ids3 = await itemIds(c3.page);
      for (const id of ids3) await c3.page.check(`#item-${id}`);

      await home.page.reload();
      o = await overview(home.page);
      assert.equal(o.steps[0].total, ids1.length, 'the step counts its checklist page\'s items');
      assert.equal(o.steps[2].total, ids3.length);
      assert.deepEqual(o.steps.map((s) => [s.progress, s.state]), [
        [`2 of ${ids1.length} done`, 'started'],
        [`0 of ${o.steps[1].total} done`, 'todo'],
        [`${ids3.length} of ${ids3.length} done`, 'done'],
      ]);
      assert.equal(o.guide, `Your progress: ${2 + ids3.length} of ${total} actions done`);
      assert.equal(o.bar.value, 2 + ids3.length);

      // Another tab's tick shows without a reload.
      await c1.page.uncheck(`#item-${ids1[0]}`);
      await home.page.waitForFunction(() => document.querySelector('.step-item .step-progress').textContent.startsWith('1 of'));
      assert.equal((await overview(home.page)).guide, `Your progress: ${1 + ids3.length} of ${total} actions done`);
      for (const p of [home, c1, c3]) p.noErrors();
    });
  });

  test('ticks show on the bundled guide\'s home page too, its numbers read from its pages', async () => {
    await withContext(browser, {}, async (context) => {
      const home = await open(context, bundled.base);
      let o = await overview(home.page);
      assert.ok(o.steps.length >= 2, JSON.stringify(o.steps));
      assert.ok(o.steps.every((s) => s.checklist), 'every step has a checklist');
      // Each step's total is its checklist page's number of items.
      const ids = [];
      for (const s of o.steps) {
        const c = await open(context, bundled.base + s.checklist);
        const list = await itemIds(c.page);
        assert.equal(s.total, list.length, s.checklist);
        ids.push(list);
        await c.page.close();
      }
      assert.equal(o.guide, guideText(o, 0));

      const c1 = await open(context, bundled.base + o.steps[0].checklist);
      for (const id of ids[0].slice(0, 2)) await c1.page.check(`#item-${id}`);
      const c2 = await open(context, bundled.base + o.steps[1].checklist);
      await c2.page.check(`#item-${ids[1][0]}`);
      await home.page.reload();
      o = await overview(home.page);
      assert.equal(o.steps[0].progress, `2 of ${ids[0].length} done`);
      assert.equal(o.steps[1].progress, `1 of ${ids[1].length} done`);
      assert.ok(o.steps.slice(2).every((s) => s.progress === `0 of ${s.total} done`));
      assert.equal(o.guide, guideText(o, 3));
      for (const p of [home, c1, c2]) p.noErrors();
    });
  });

  test('the counts reach screen readers: text in each step, a status and a labelled bar for the guide', async () => {
    await withContext(browser, {}, async (context) => {
      const c = await open(context, fixture.base + 'step-2-exams/checklist/');
      await c.page.check(`#item-${(await itemIds(c.page))[0]}`);
      const home = await open(context, fixture.base);
      const tree = await home.page.locator('.step-by-step').ariaSnapshot();
      assert.match(tree, /heading "Step by step"/);
      assert.match(tree, /status: "?Your progress: 1 of \d+ actions done/);
      assert.match(tree, /progressbar "Your progress through the guide"/);
      assert.match(tree, /link "Checklist for Step 2 — Exams and scores"/);
      assert.match(tree, /1 of 2 done/);
      // The circled numbers are decoration: the titles say which step it is.
      assert.doesNotMatch(tree, /listitem:\s*- text: "?\d"?\n/);
      home.noErrors();
    });
  });

  test('without JavaScript every step is listed with its links and the size of its checklist', async () => {
    for (const server of [fixture, bundled]) {
      const withJs = await withContext(browser, {}, async (context) => {
        const p = await open(context, server.base);
        return overview(p.page);
      });
      await withContext(browser, { javaScriptEnabled: false }, async (context) => {
        const page = await context.newPage();
        await page.goto(server.base);
        const o = await overview(page);
        assert.deepEqual(o.steps.map((s) => [s.title, s.href, s.checklist]), withJs.steps.map((s) => [s.title, s.href, s.checklist]));
        // Every step of the header's navigation is in the overview.
        const nav = await page.$$eval('.site-nav .nav-steps a', (as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(o.steps.map((s) => s.href), nav);
        assert.ok(o.steps.every((s) => s.progress === `${s.total} action${s.total === 1 ? '' : 's'}` && s.state === null), JSON.stringify(o.steps));
        assert.equal(o.guide, guideText(o));
        assert.equal(o.bar.hidden, true);
        assert.equal(await page.isVisible('.guide-progress-bar'), false);
        for (const s of o.steps) {
          assert.equal((await context.request.get(server.base + s.href)).status(), 200);
          assert.equal((await context.request.get(server.base + s.checklist)).status(), 200);
        }
      });
    }
  });

  test('storage that cannot be read, or a damaged record: the no-JS text stays, nothing throws', async () => {
    await withContext(browser, {}, async (context) => {
      await context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('denied', 'SecurityError'); } });
      });
      const home = await open(context, fixture.base);
      const o = await overview(home.page);
      assert.ok(o.steps.every((s) => /^\d+ actions?$/.test(s.progress)), JSON.stringify(o.steps));
      assert.match(o.guide, /^3 steps, \d+ actions to tick off$/);
      home.noErrors();
    });
    await withContext(browser, {}, async (context) => {
      const home = await open(context, fixture.base);
      await home.page.evaluate(() => localStorage.setItem('stepwise:reader-fixture:main:v2', '{broken'));
      await home.page.reload();
      const o = await overview(home.page);
      assert.ok(o.steps.every((s) => s.progress === `${s.total} action${s.total === 1 ? '' : 's'}` && s.state === null), JSON.stringify(o.steps));
      assert.match(o.guide, /^3 steps, \d+ actions to tick off$/);
      home.noErrors();
    });
  });

  test('axe-core: zero violations on the home page with no, some and all ticks, light and dark, and without JS', async () => {
    const report = [];
    const check = async (page, what) => {
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        for (const v of await axe(page)) report.push({ what, colorScheme, ...v });
      }
    };
    await withContext(browser, {}, async (context) => {
      for (const server of [fixture, bundled]) {
        const home = await open(context, server.base);
        await check(home.page, `${server.base} no ticks`);
        const o = await overview(home.page);
        // Step 1 complete, step 2 started.
        const c1 = await open(context, server.base + o.steps[0].checklist);
        for (const id of await itemIds(c1.page)) await c1.page.check(`#item-${id}`);
        const c2 = await open(context, server.base + o.steps[1].checklist);
        await c2.page.check(`#item-${(await itemIds(c2.page))[0]}`);
        await home.page.reload();
        const states = (await overview(home.page)).steps.map((s) => s.state);
        assert.deepEqual(states.slice(0, 2), ['done', 'started']);
        await check(home.page, `${server.base} some ticks`);
        await home.page.close();
        await c1.page.close();
        await c2.page.close();
      }
    });
    // Without JS: the page as served, minus its scripts.
    await withContext(browser, {}, async (context) => {
      for (const [server, dir] of [[fixture, out], [bundled, OUTPUT]]) {
        const page = await context.newPage();
        await page.goto(server.base);
        const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8').replace(/<script\b[\s\S]*?<\/script>/g, '');
        await page.setContent(html);
        await check(page, `${server.base} without JS`);
        await page.close();
      }
    });
    assert.deepEqual(report, []);
  });
});
