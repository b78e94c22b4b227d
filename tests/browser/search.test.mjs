// Search in real headless Chromium, against the real index (search/) and
// search.js of a build: a table of queries and the page and heading each
// must rank first (on the reader fixture, whose text is made for it, and on
// the bundled guide for what its own pages say), results grouped by page,
// highlights that never start inside a word or land inside an HTML entity,
// checklist items that lead to their checklist page, the results page
// (search/?q=), the keyboard, a query made while the index loads, file://,
// a subpath, axe, a site without search, every word of a large page, and
// the bytes the bundled guide's first query loads.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUTPUT, READER, missing, launch, serve, open, buildSite, withContext, fileUrl, axe } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

/**
 * Query → the page the first result must be, and the heading (anchor) its
 * first heading must lead to, on the reader fixture. Today's ranking cases,
 * one typo and Chinese and Japanese words.
 */
const RANKING = [
  // Headings beat body text: the home page says "step 2 ck" four times.
  ['step 2 ck', 'step-2-exams/', 'step-2-exams/#ck-target'],
  // A page's title finds that page, before its checklist, whose title repeats it.
  ['Step 2 — Exams and scores', 'step-2-exams/'],
  ['exams scores', 'step-2-exams/'],
  ['tick the boxes', 'step-1-tick-the-boxes/'],
  ['Letters and networking', 'step-3-letters/'],
  // The start of a word is enough.
  ['lett', 'step-3-letters/'],
  // A heading made of the query's words.
  ['ticket office', 'step-1-tick-the-boxes/', 'step-1-tick-the-boxes/#ticket-office'],
  ['research letters', 'step-3-letters/', 'step-3-letters/#research-letters'],
  // Checklist items lead to the item on the checklist page.
  ['buy ticket', 'step-1-tick-the-boxes/checklist/', 'step-1-tick-the-boxes/checklist/#item-s1-buy-ticket'],
  ['thank writer', 'step-3-letters/checklist/', 'step-3-letters/checklist/#item-s3-thank'],
  // Accents do not matter; words of a page's kind find it.
  ['etude', 'faq/', 'faq/#is-étude-spelled-with-an-accent'],
  ['faq', 'faq/'],
  ['glossary', 'glossary/'],
  ['calendar month', 'calendar/'],
  // One typo in a word of five letters or more.
  ['tickit office', 'step-1-tick-the-boxes/', 'step-1-tick-the-boxes/#ticket-office'],
  ['reserch letters', 'step-3-letters/', 'step-3-letters/#research-letters'],
  // Words of scripts without spaces, found in the middle of a run of text.
  ['签证', 'faq/', 'faq/#is-there-a-summary-in-chinese-or-japanese'],
  ['签证担保', 'faq/', 'faq/#is-there-a-summary-in-chinese-or-japanese'],
  ['ビザ', 'faq/', 'faq/#is-there-a-summary-in-chinese-or-japanese'],
];

/** The issue's questions, on the bundled guide: query → first page and heading. */
const GUIDE = [
  ['step 2 checklist', 'step-2-usmle-and-transcripts/checklist/'],
  // Most of the words, side by side in a heading that asks the question.
  ['competitive step 2 ck score', 'faq/', 'faq/#what-step-2-ck-score-should-i-aim-for'],
  ['step 2 ck', 'step-2-usmle-and-transcripts/'],
  // "applying" finds "apply".
  ['applying', 'step-1-map-the-path/'],
  ['interventinal radiolgy', './'],
];

/** Queries whose highlights are checked: two-letter word starts and entity names. */
const PROBES = ['ck', 'ti', 'st', 'am', 're', 'in', 'lt', 'gt', 'qu', 'amp', 'nbsp', 'quot', 'an', 'de'];

/** Waits until the results in `sel` are shown for what was typed. */
async function settled(page, sel) {
  await page.waitForFunction((sel) => {
    const out = document.querySelector(sel);
    return out && out.querySelector('.search-status') && out.getAttribute('aria-busy') !== 'true';
  }, sel);
}

/** The results in `sel` as shown: each page once, with its parts. */
function shown(page, sel) {
  return page.evaluate((sel) => {
    const marks = (el) => [...el.querySelectorAll('mark')].map((m) => {
      const prev = m.previousSibling;
      return { text: m.textContent, before: prev && prev.nodeType === 3 ? prev.textContent.slice(-1) : '' };
    });
    const out = document.querySelector(sel);
    return {
      status: out.querySelector('.search-status')?.textContent || '',
      all: out.querySelector('.search-all a')?.getAttribute('href') || '',
      docs: [...out.querySelectorAll('.search-result')].map((li) => ({
        href: li.querySelector('.search-title').getAttribute('href'),
        title: li.querySelector('.search-title').textContent,
        snippet: li.querySelector(':scope > .search-snippet')?.textContent || '',
        html: li.innerHTML,
        marks: marks(li),
        parts: [...li.querySelectorAll('.search-parts a')].map((a) => ({
          href: a.getAttribute('href'),
          heading: a.querySelector('.search-heading').textContent,
          snippet: a.querySelector('.search-snippet')?.textContent || '',
        })),
      })),
    };
  }, sel);
}

/** Types `q` into the header's search box (as if pasted) and returns the results. */
async function results(page, q) {
  await page.evaluate((text) => {
    const input = document.getElementById('search-input');
    document.querySelector('#search .search-results').innerHTML = '';
    input.value = text;
    input.dispatchEvent(new Event('input'));
  }, q);
  await settled(page, '#search .search-results');
  return shown(page, '#search .search-results');
}

/** Every highlight starts a word and no highlight touches an HTML entity. */
function assertHighlights(docs, where) {
  for (const doc of docs) {
    for (const m of doc.marks) {
      assert.ok(!/[\p{L}\p{N}]/u.test(m.before), `${where}: <mark>${m.text}</mark> starts inside a word after "${m.before}" in ${doc.html}`);
    }
    assert.doesNotMatch(doc.html, /&[#a-z0-9]*<mark>/i, `${where}: a highlight inside an entity`);
    assert.doesNotMatch(doc.html, /<mark>[^<]*;/, `${where}: a highlight ending an entity`);
    const text = doc.title + doc.snippet + doc.parts.map((p) => p.heading + p.snippet).join('');
    assert.doesNotMatch(text, /&(amp|lt|gt|quot);/, `${where}: text escaped twice`);
  }
}

/** Checks a table of [query, page, heading?]: returns what went wrong. */
async function table(page, rows) {
  const wrong = [];
  for (const [q, first, heading] of rows) {
    const { docs } = await results(page, q);
    const got = docs[0];
    if (got?.href !== first || (heading && got.parts[0]?.href !== heading)) {
      wrong.push(`${q} → ${docs.slice(0, 3).map((d) => `${d.href} (${d.parts[0]?.href || ''})`).join(', ')} (want ${first} ${heading || ''})`);
    }
  }
  return wrong;
}

describe('search', { skip }, () => {
  let browser;
  let fixture;
  let bundled;
  let out;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, 'search', 'meta.js')), `build the bundled guide first (${OUTPUT})`);
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

  test('each query of the table ranks its page and heading first (reader fixture)', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      assert.deepEqual(await table(p.page, RANKING), []);
      p.noErrors();
    });
  });

  test('the bundled guide answers the issue\'s questions, and each page ranks first for its own title', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, bundled.base);
      assert.deepEqual(await table(p.page, GUIDE), []);
      // "checklist" finds checklist pages, and only they come first.
      const check = await results(p.page, 'checklist');
      assert.ok(check.docs.length >= 5, JSON.stringify(check.docs.map((d) => d.href)));
      assert.ok(check.docs.every((d) => d.title.startsWith('Checklist: ')), JSON.stringify(check.docs.map((d) => d.title)));
      // "visas" finds both places the guide says "visa".
      const visas = await results(p.page, 'visas');
      const found = visas.docs.flatMap((d) => d.parts.map((x) => x.href));
      assert.ok(found.includes('step-1-map-the-path/#advantages'), JSON.stringify(found));
      assert.ok(found.includes('step-1-map-the-path/checklist/#item-s1-list-advantages'), JSON.stringify(found));
      assert.ok(visas.docs.every((d) => d.marks.some((m) => m.text.toLowerCase() === 'visa')));
      // Every page's title finds that page first.
      const pages = await p.page.$$eval('.site-nav a, .step-title a, .card-title a', (as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
      const wrong = [];
      for (const link of pages) {
        const title = await p.page.evaluate(async (link) => {
          const html = await (await fetch(link)).text();
          return new DOMParser().parseFromString(html, 'text/html').querySelector('h1').textContent.trim();
        }, link);
        const { docs } = await results(p.page, title);
        if (docs[0]?.href !== link) wrong.push(`${title} → ${docs[0]?.href} (want ${link})`);
      }
      assert.ok(pages.length >= 5, JSON.stringify(pages));
      assert.deepEqual(wrong, []);
      p.noErrors();
    });
  });

  test('results are grouped by page: each page once, its matching headings below with snippets', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, bundled.base);
      const r = await results(p.page, 'residency');
      const hrefs = r.docs.map((d) => d.href);
      assert.equal(new Set(hrefs).size, hrefs.length, JSON.stringify(hrefs));
      assert.ok(r.docs.length >= 3 && r.docs.length <= 5, JSON.stringify(hrefs));
      for (const d of r.docs) {
        for (const part of d.parts) {
          assert.ok(part.href.startsWith(d.href + '#'), `${part.href} under ${d.href}`);
          // A glossary term has no heading: its text names it.
          assert.match(part.heading + part.snippet, /residen/i, JSON.stringify(part));
          assert.ok(part.snippet.length <= 170, part.snippet);
          // No space before punctuation, none left at either end.
          assert.doesNotMatch(part.snippet, /\s[,.;:)]|\(\s|^\s|\s$/, part.snippet);
        }
      }
      assert.match(r.status, /^\d+ results$/);
      assert.match(r.all, /^search\/\?q=residency$/);
      p.noErrors();
    });
  });

  test('highlights start words and never touch an entity', async () => {
    await withContext(browser, {}, async (context) => {
      for (const server of [fixture, bundled]) {
        const p = await open(context, server.base);
        for (const q of PROBES) {
          const { docs } = await results(p.page, q);
          assertHighlights(docs, `${server.base} "${q}"`);
        }
        await p.page.close();
      }
      // The fixture's FAQ holds "R&D", "AT&T" and "<angle>": "amp" finds "amplifier" only.
      const p = await open(context, fixture.base);
      const { docs } = await results(p.page, 'amp');
      assert.equal(docs.length, 1, JSON.stringify(docs));
      assert.deepEqual(docs[0].marks.map((m) => m.text), ['amp']);
      assert.match(docs[0].html, /AT&amp;T had an <mark>amp<\/mark>lifier/);
      // "ck" marks the word CK, never the end of "tick" or "sticky".
      const ck = await results(p.page, 'ck');
      assert.ok(ck.docs.length > 0);
      assert.ok(ck.docs.every((d) => d.marks.every((m) => m.text.toLowerCase() === 'ck')), JSON.stringify(ck.docs.map((d) => d.marks)));
      assert.ok(!ck.docs.some((d) => d.href === 'step-1-tick-the-boxes/'), 'a page with "tick" but no word "ck" is no match');
      p.noErrors();
    });
  });

  test('a checklist item leads to the item on its checklist page', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      const { docs } = await results(p.page, 'buy ticket');
      assert.equal(docs[0].title, 'Checklist: Step 1 — Tick the boxes');
      assert.deepEqual(docs[0].parts[0], {
        href: 'step-1-tick-the-boxes/checklist/#item-s1-buy-ticket',
        heading: 'Shopping',
        snippet: 'Buy a ticket for the exam hall',
      });
      await p.page.click('#search .search-parts a');
      await p.page.waitForURL(/checklist\/#item-s1-buy-ticket$/);
      assert.equal(await p.page.evaluate(() => document.querySelector(':target')?.id), 'item-s1-buy-ticket');
      p.noErrors();
    });
  });

  test('a result links to the heading that matched, from any page', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base + 'faq/');
      const { docs } = await results(p.page, 'aim realistic target');
      assert.equal(docs[0].parts[0].href, '../step-2-exams/#ck-target');
      assert.equal(docs[0].parts[0].heading, 'Step 2 CK target');
      await p.page.click('#search .search-parts a');
      await p.page.waitForURL(/step-2-exams\/#ck-target$/);
      assert.equal(await p.page.evaluate(() => document.querySelector(':target')?.textContent.trim().startsWith('Step 2 CK target')), true);
      p.noErrors();
    });
  });

  test('no match, words no result has all of, and words too common or too short', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      let r = await results(p.page, 'zzzz');
      assert.equal(r.status, 'No results');
      assert.equal(r.docs.length, 0);
      r = await results(p.page, 'a');
      assert.equal(r.status, 'Type at least two letters');
      r = await results(p.page, 'the of');
      assert.equal(r.status, 'Those words are too common to search for');
      r = await results(p.page, 'zzzz ticket');
      assert.match(r.status, /^No result has every word; closest: \d+ results?$/);
      assert.ok(r.docs.length > 0 && r.docs.every((d) => d.marks.some((m) => /^ticket$/i.test(m.text))));
      p.noErrors();
    });
  });

  test('a query typed while the index loads is answered when it arrives', async () => {
    await withContext(browser, {}, async (context) => {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // Every part of the index arrives late.
      await page.route('**/search/**/*.js*', (route) => setTimeout(() => route.continue().catch(() => {}), 400));
      await page.route('**/search/meta.js*', (route) => setTimeout(() => route.continue().catch(() => {}), 400));
      await page.goto(fixture.base);
      await page.focus('#search-input');
      await page.keyboard.type('lett', { delay: 30 });
      // More is typed while the first parts load: the last query wins.
      await page.keyboard.type('ers', { delay: 30 });
      await settled(page, '#search .search-results');
      const r = await shown(page, '#search .search-results');
      assert.equal(r.docs[0]?.href, 'step-3-letters/', JSON.stringify(r));
      assert.equal(await page.inputValue('#search-input'), 'letters');
      assert.deepEqual(errors, []);
    });
  });

  test('over HTTP the index is fetched, and read as scripts where a fetch is refused', async () => {
    // No offline worker: it would answer from its cache, past any route.
    let r;
    await withContext(browser, { serviceWorkers: 'block' }, async (context) => {
      const p = await open(context, fixture.base);
      const kinds = [];
      p.page.on('request', (req) => { if (req.url().includes('/search/')) kinds.push(req.resourceType()); });
      r = await results(p.page, 'ticket office');
      assert.equal(r.docs[0]?.parts[0]?.href, 'step-1-tick-the-boxes/#ticket-office');
      assert.ok(kinds.length >= 3 && kinds.every((k) => k === 'fetch'), JSON.stringify(kinds));
      p.noErrors();
    });
    await withContext(browser, { serviceWorkers: 'block' }, async (context) => {
      // A host whose policy refuses fetch: every part of the index comes as a script.
      const q = await context.newPage();
      const errors = [];
      q.on('pageerror', (e) => errors.push(e.message));
      await q.route('**/search/**', (route) => (route.request().resourceType() === 'fetch' ? route.abort('blockedbyclient') : route.continue()));
      const scripts = [];
      q.on('request', (req) => { if (req.url().includes('/search/') && req.resourceType() === 'script') scripts.push(req.url()); });
      await q.goto(fixture.base);
      const again = await results(q, 'ticket office');
      assert.deepEqual(again.docs.map((d) => d.href), r.docs.map((d) => d.href));
      assert.ok(scripts.some((u) => u.includes('/search/meta.js')) && scripts.some((u) => u.includes('/search/p/')), JSON.stringify(scripts));
      assert.deepEqual(errors, []);
    });
    await withContext(browser, { serviceWorkers: 'block' }, async (context) => {
      // A host that rewrites what it serves as JavaScript: what is fetched
      // no longer reads as the data written, and is loaded as a script.
      const q = await context.newPage();
      const errors = [];
      q.on('pageerror', (e) => errors.push(e.message));
      await q.route('**/search/**', async (route) => {
        if (route.request().resourceType() !== 'fetch') return route.continue();
        const res = await route.fetch();
        return route.fulfill({ response: res, body: `/* rewritten */\n${await res.text()}` });
      });
      await q.goto(fixture.base);
      const again = await results(q, 'ticket office');
      assert.deepEqual(again.docs.map((d) => d.href), r.docs.map((d) => d.href));
      assert.deepEqual(errors, []);
    });
  });

  test('the keyboard: / focuses, arrows move through results, Escape clears, Enter opens the results page', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      const focused = () => p.page.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('href'));
      await p.page.keyboard.press('/');
      assert.equal(await focused(), 'search-input');
      await p.page.keyboard.type('letters');
      await settled(p.page, '#search .search-results');
      const links = await p.page.$$eval('#search .search-results a', (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.length >= 3);
      await p.page.keyboard.press('ArrowDown');
      assert.equal(await focused(), links[0]);
      await p.page.keyboard.press('ArrowDown');
      assert.equal(await focused(), links[1]);
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(), links[0]);
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(), 'search-input');
      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.inputValue('#search-input'), '');
      assert.equal(await p.page.$$eval('#search .search-result', (l) => l.length), 0);
      assert.equal(await focused(), 'search-input');
      await p.page.keyboard.type('ticket office');
      await p.page.keyboard.press('Enter');
      await p.page.waitForURL(/\/guide\/search\/\?q=ticket%20office$/);
      await settled(p.page, '#search-page .search-results');
      assert.equal(await p.page.inputValue('#search-page-input'), 'ticket office');
      const r = await shown(p.page, '#search-page .search-results');
      assert.equal(r.docs[0].parts[0].href, '../step-1-tick-the-boxes/#ticket-office');
      p.noErrors();
    });
  });

  test('the results page lists every result, more on request, and follows what is typed', async () => {
    await withContext(browser, {}, async (context) => {
      // From the dropdown's link to all results.
      const p = await open(context, bundled.base);
      const r = await results(p.page, 'residency');
      await p.page.click('#search .search-all a');
      await p.page.waitForURL(/search\/\?q=residency$/);
      await settled(p.page, '#search-page .search-results');
      // The header's box is not on this page: its own box is the one.
      assert.equal(await p.page.$$eval('#search', (e) => e.length), 0);
      let page = await shown(p.page, '#search-page .search-results');
      const total = Number(page.status.match(/^(\d+) results$/)[1]);
      assert.ok(total > 10, page.status);
      assert.equal(page.docs.length, 10);
      assert.deepEqual(page.docs.slice(0, 5).map((d) => d.title), r.docs.map((d) => d.title));
      // The rest, a button press away (and by keyboard: it is a button).
      await p.page.focus('#search-page .search-more');
      await p.page.keyboard.press('Enter');
      await p.page.waitForFunction((n) => document.querySelectorAll('#search-page .search-result').length === n, Math.min(total, 20));
      page = await shown(p.page, '#search-page .search-results');
      assert.equal(new Set(page.docs.map((d) => d.href)).size, page.docs.length);
      // Typing there searches there and keeps the address in step.
      await p.page.fill('#search-page-input', 'visa');
      await settled(p.page, '#search-page .search-results');
      assert.match(p.page.url(), /search\/\?q=visa$/);
      assert.match((await shown(p.page, '#search-page .search-results')).status, /^\d+ results?$/);
      assert.match(await p.page.title(), /^Search: visa · /);
      // The tab names the query whatever it finds.
      await p.page.fill('#search-page-input', 'zeppelin');
      await settled(p.page, '#search-page .search-results');
      assert.equal((await shown(p.page, '#search-page .search-results')).status, 'No results');
      assert.match(await p.page.title(), /^Search: zeppelin · /);
      p.noErrors();
    });
  });

  test('search works from disk, and under a subpath', async () => {
    await withContext(browser, {}, async (context) => {
      // From file://, where fetch fails: the index loads as scripts.
      const p = await open(context, fileUrl(out, 'faq'));
      const r = await results(p.page, 'ticket office');
      assert.match(r.docs[0].parts[0].href, /^\.\.\/step-1-tick-the-boxes\/index\.html#ticket-office$/);
      assert.match(r.all, /^\.\.\/search\/index\.html\?q=ticket%20office$/);
      await p.page.click('#search .search-all a');
      await p.page.waitForURL(/search\/index\.html\?q=ticket%20office$/);
      await settled(p.page, '#search-page .search-results');
      const page = await shown(p.page, '#search-page .search-results');
      assert.equal(page.docs[0].parts[0].href, '../step-1-tick-the-boxes/index.html#ticket-office');
      p.noErrors();
      // Under /guide/ (every server here serves a subpath): requests stay in it.
      const q = await open(context, fixture.base + 'step-2-exams/');
      await results(q.page, 'ticket');
      assert.ok(q.requests.every((u) => u.startsWith(fixture.base)), JSON.stringify(q.requests));
      assert.ok(fixture.log.some((u) => u.startsWith('/guide/search/t/')));
      q.noErrors();
    });
  });

  test('axe finds nothing wrong with the open results or the results page', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, bundled.base);
      await results(p.page, 'step 2 ck');
      assert.deepEqual(await axe(p.page), []);
      const q = await open(context, bundled.base + 'search/?q=step%202%20ck');
      await settled(q.page, '#search-page .search-results');
      assert.deepEqual(await axe(q.page), []);
      p.noErrors();
      q.noErrors();
    });
  });

  test('the bundled guide\'s first query loads less than 60 KB, whatever it is', async () => {
    await withContext(browser, {}, async (context) => {
      for (const q of ['residency', 'competitive step 2 ck score', 'int', 'zeppelin', 'personal statement']) {
        const p = await open(context, bundled.base);
        // Every body counted, however late it is read.
        const bodies = [];
        p.page.on('response', (res) => {
          if (/\/search\/.*\.js/.test(res.url())) bodies.push(res.body().then((b) => b.length));
        });
        await results(p.page, q);
        const sizes = await Promise.all(bodies);
        const total = sizes.reduce((a, b) => a + b, 0);
        assert.ok(sizes.length > 0 && total < 60 * 1024, `${q}: ${total} bytes in ${sizes.length} files`);
        await p.page.close();
      }
    });
  });
});

describe('search on other sites', { skip }, () => {
  let browser;
  const dirs = [];

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /** Writes a site of `files` to a temp folder and builds it. */
  function site(files) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-search-site-'));
    dirs.push(root);
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const built = buildSite(root);
    dirs.push(built);
    return built;
  }

  /** Serves the built site `built` and runs `fn(context, server)` in a fresh browser context. */
  async function browse(built, fn) {
    const server = await serve(built);
    try {
      await withContext(browser, {}, (context) => fn(context, server));
    } finally {
      await server.close();
    }
  }

  test('every word of a large page is found on that page', async () => {
    // 6,000 made-up words, none repeated, in sections of a single page.
    let seed = 25;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const words = new Set();
    while (words.size < 6000) {
      words.add(Array.from({ length: 5 + Math.floor(rand() * 6) }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(rand() * 20)] + 'aeiou'[Math.floor(rand() * 5)]).join(''));
    }
    const list = [...words];
    let body = '';
    list.forEach((w, i) => { body += (i % 500 === 0 ? `\n\n## Part ${i / 500 + 1}\n\n` : ' ') + w; });
    const built = site({
      'site.yaml': 'title: Big\nsite_id: big\n',
      'content/_index.md': '---\ntitle: Home\n---\nA short home page.\n',
      'content/big.md': `---\ntitle: Big page\n---\n${body}\n`,
    });
    await browse(built, async (context, server) => {
    const p = await open(context, server.base);
    await results(p.page, list[0]);
    // Each word, looked up by the page's own script.
    const missed = await p.page.evaluate(async (list) => {
      const input = document.getElementById('search-input');
      const out = document.querySelector('#search .search-results');
      const missed = [];
      for (const w of list) {
        input.value = w;
        input.dispatchEvent(new Event('input'));
        await new Promise((resolve) => {
          const check = () => (out.getAttribute('aria-busy') !== 'true' && out.querySelector('.search-status') ? resolve() : setTimeout(check, 1));
          check();
        });
        const first = out.querySelector('.search-result .search-title');
        if (!first || first.getAttribute('href') !== 'big/') missed.push(w);
      }
      return missed;
    }, list);
    assert.deepEqual(missed.slice(0, 10), [], `${missed.length} of ${list.length} words not found`);
    p.noErrors();
    });
  });

  test('the start of a word finds it where the words it starts fill many term files', async () => {
    // Six pages of 100 KB, every word starting "zo": "zo" spans every term file.
    const words = Array.from({ length: 3000 }, (_, i) => `zo${(i * 7919 % 100000).toString(36)}q`);
    const files = { 'site.yaml': 'title: Zo\nsite_id: zo\n', 'content/_index.md': '---\ntitle: Home\n---\nA short home page.\n' };
    for (let k = 1; k <= 6; k++) {
      let body = '';
      while (body.length < 100000) body += `${words[(body.length * k) % words.length]} `;
      files[`content/p${k}.md`] = `---\ntitle: Page ${k}\n---\n${body}\n`;
    }
    const built = site(files);
    const metaJs = fs.readFileSync(path.join(built, 'search', 'meta.js'), 'utf8');
    const bounds = JSON.parse(metaJs.slice(metaJs.indexOf(',') + 1, metaJs.lastIndexOf(')'))).bounds.split(' ');
    const shardOf = (t) => bounds.filter((b) => b <= t).length;
    assert.ok(shardOf('zo\uffff') - shardOf('zo') + 1 > 4, `"zo" spans more than four term files: ${bounds}`);
    await browse(built, async (context, server) => {
    const p = await open(context, server.base);
    const r = await results(p.page, 'zo');
    assert.ok(r.docs.length > 0, 'a page found for "zo"');
    assert.match(r.docs[0].title, /^Page \d$/);
    p.noErrors();
    });
  });

  test('the part that says a word is found however it is written: accents, capitals, punctuation', async () => {
    // Each part has its word once, written as a reader might not type it,
    // among parts that do not have it.
    const filler = (k) => `Filler paragraph ${k} about something else entirely, with plain words only.`;
    const built = site({
      'site.yaml': 'title: Forms\nsite_id: forms\n',
      'content/_index.md': '---\ntitle: Home\n---\nA short home page.\n',
      'content/a.md': [
        '---\ntitle: Alpha\n---',
        `## One\n\n${filler(1)}`,
        '## Two\n\nSend your r\u00e9sum\u00e9 to the Z\u00fcrich office early.',
        `## Three\n\n${filler(3)}`,
        '## Four\n\nThe KERBEROS ticket \u2014 \u201cthat one\u201d \u2014 expires.',
        `## Five\n\n${filler(5)}`,
        '## Six\n\nAsk about the program\u2019s waivers.',
        '',
      ].join('\n\n'),
    });
    await browse(built, async (context, server) => {
    const p = await open(context, server.base);
    for (const [q, heading, mark] of [['resume', 'Two', 'résumé'], ['kerberos', 'Four', 'KERBEROS'], ['kerb', 'Four', 'KERB'], ['waiver', 'Six', 'waivers'], ['zurich', 'Two', 'Zürich']]) {
      const r = await results(p.page, q);
      assert.equal(r.docs[0]?.title, 'Alpha', q);
      assert.deepEqual(r.docs[0].parts.map((x) => x.heading), [heading], `${q}: ${JSON.stringify(r.docs[0].parts)}`);
      assert.ok(r.docs[0].marks.some((m) => m.text === mark), `${q}: ${JSON.stringify(r.docs[0].marks)}`);
    }
    p.noErrors();
    });
  });

  test('a word after the index\'s last term loads nothing but meta.js', async () => {
    const built = site({
      'site.yaml': 'title: Visas\nsite_id: visas\n',
      'content/_index.md': '---\ntitle: Home\n---\nA short home page about visas.\n',
      'content/a.md': '---\ntitle: Alpha\n---\nApply for the visa early; the embassy is slow in the summer.\n',
    });
    await browse(built, async (context, server) => {
    // A fresh page, and its own requests (the offline worker fetches the site meanwhile).
    const p = await open(context, server.base);
    const r = await results(p.page, 'zeppelin');
    assert.equal(r.status, 'No results');
    const search = p.requests.filter((u) => u.includes('/search/'));
    assert.ok(search.length === 1 && /\/search\/meta\.js\?/.test(search[0]), JSON.stringify(search));
    p.noErrors();
    });
  });

  test('"constructor", a name JavaScript objects already have, is a word like any other', async () => {
    const built = site({
      'site.yaml': 'title: Words\nsite_id: words\n',
      'content/_index.md': '---\ntitle: Home\n---\nA short home page.\n',
      'content/a.md': '---\ntitle: Alpha\n---\nYour visa letter goes to the constructor of the new wing.\n',
      'content/b.md': '---\ntitle: Beta\n---\nNothing about building here.\n',
    });
    await browse(built, async (context, server) => {
    const p = await open(context, server.base);
    let r = await results(p.page, 'constructor');
    assert.deepEqual(r.docs.map((d) => d.title), ['Alpha'], r.status);
    // Another word's results mark that word only.
    r = await results(p.page, 'visa');
    assert.deepEqual(r.docs.map((d) => d.title), ['Alpha']);
    assert.deepEqual(r.docs[0].marks.map((m) => m.text), ['visa']);
    p.noErrors();
    });
  });

  test('with search: false nothing of search is built or linked', async () => {
    const built = site({
      'site.yaml': 'title: Quiet\nsite_id: quiet\nsearch: false\n',
      'content/_index.md': '---\ntitle: Home\n---\nHello.\n',
      'content/a.md': '---\ntitle: A\nchecklist:\n  - group: G\n    items:\n      - id: a1\n        text: Do it\n---\nText.\n',
    });
    assert.ok(!fs.existsSync(path.join(built, 'search')));
    assert.ok(!fs.existsSync(path.join(built, 'search.js')));
    await browse(built, async (context, server) => {
    for (const rel of ['', 'a/', 'a/checklist/']) {
      const p = await open(context, server.base + rel);
      assert.equal(await p.page.$$eval('#search, [href*="search"], script[src*="search"]', (e) => e.length), 0, rel);
      p.noErrors();
    }
    });
  });
});
