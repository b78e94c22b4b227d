// Search in real headless Chromium, against the real search-index.js and
// search.js of a build: a table of queries and the result each must rank
// first (on the reader fixture, whose text is made for it, and on the
// bundled guide for what its own pages say), highlights that never start
// inside a word or land inside an HTML entity, checklist items that lead to
// their checklist page, and the keyboard.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { OUTPUT, READER, missing, launch, serve, open, buildSite, withContext } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

/** Query → the link the first result must have, on the reader fixture's home page. */
const RANKING = [
  // Headings beat body text: the home page says "step 2 ck" four times.
  ['step 2 ck', 'step-2-exams/#ck-target'],
  // A page's title finds the top of that page, not one of its sections.
  ['Step 2 — Exams and scores', 'step-2-exams/'],
  ['exams scores', 'step-2-exams/'],
  ['tick the boxes', 'step-1-tick-the-boxes/'],
  ['Letters and networking', 'step-3-letters/'],
  // The start of a word is enough; the title outweighs headings and items.
  ['lett', 'step-3-letters/'],
  // A heading made of the query's words.
  ['ticket office', 'step-1-tick-the-boxes/#ticket-office'],
  ['research letters', 'step-3-letters/#research-letters'],
  // Checklist items lead to the item on the checklist page.
  ['buy ticket', 'step-1-tick-the-boxes/checklist/#item-s1-buy-ticket'],
  ['thank writer', 'step-3-letters/checklist/#item-s3-thank'],
  // Accents do not matter; a page is found by its address.
  ['etude', 'faq/#is-étude-spelled-with-an-accent'],
  ['faq', 'faq/'],
  ['glossary', 'glossary/'],
  ['calendar month', 'calendar/'],
];

/** Queries whose highlights are checked: two-letter word starts and entity names. */
const PROBES = ['ck', 'ti', 'st', 'am', 're', 'in', 'lt', 'gt', 'qu', 'amp', 'nbsp', 'quot', 'an', 'de'];

/** Types `q` into the search box and returns the results as shown. */
async function results(page, q) {
  await page.evaluate((text) => {
    const input = document.getElementById('search-input');
    document.querySelector('#search .search-results').innerHTML = '';
    input.value = text;
    input.dispatchEvent(new Event('input'));
  }, q);
  await page.waitForSelector('#search .search-status');
  return page.evaluate(() => ({
    status: document.querySelector('#search .search-status').textContent,
    hits: [...document.querySelectorAll('#search .search-results li')].map((li) => ({
      href: li.querySelector('a').getAttribute('href'),
      title: li.querySelector('.search-title').textContent,
      heading: li.querySelector('.search-heading')?.textContent || '',
      snippet: li.querySelector('.search-snippet')?.textContent || '',
      html: li.innerHTML,
      // Each highlight with the character just before it (empty at the start of its element).
      marks: [...li.querySelectorAll('mark')].map((m) => {
        const prev = m.previousSibling;
        return { text: m.textContent, before: prev && prev.nodeType === 3 ? prev.textContent.slice(-1) : '' };
      }),
    })),
  }));
}

/** Every highlight starts a word and no highlight touches an HTML entity. */
function assertHighlights(hits, where) {
  for (const hit of hits) {
    for (const m of hit.marks) {
      assert.ok(!/[\p{L}\p{N}]/u.test(m.before), `${where}: <mark>${m.text}</mark> starts inside a word after "${m.before}" in ${hit.html}`);
    }
    assert.doesNotMatch(hit.html, /&[#a-z0-9]*<mark>/i, `${where}: a highlight inside an entity`);
    assert.doesNotMatch(hit.html, /<mark>[^<]*;/, `${where}: a highlight ending an entity`);
    assert.doesNotMatch(hit.snippet + hit.title + hit.heading, /&(amp|lt|gt|quot);/, `${where}: text escaped twice`);
  }
}

describe('search', { skip }, () => {
  let browser;
  let fixture;
  let bundled;
  let out;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, 'search-index.js')), `build the bundled guide first (${OUTPUT})`);
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

  test('each query of the table ranks its page first (reader fixture)', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      const wrong = [];
      for (const [q, first] of RANKING) {
        const { hits } = await results(p.page, q);
        if (hits[0]?.href !== first) wrong.push(`${q} → ${hits.slice(0, 3).map((h) => h.href).join(', ')} (want ${first})`);
      }
      assert.deepEqual(wrong, []);
      p.noErrors();
    });
  });

  test('each page of the bundled guide ranks first for its own title, and "step 2 ck" finds step 2', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, bundled.base);
      await results(p.page, 'x1'); // loads the index
      const pages = await p.page.evaluate(() => window.STEPWISE_SEARCH.pages.map((pg) => [pg[0], pg[1]]));
      assert.ok(pages.length >= 5, JSON.stringify(pages));
      const wrong = [];
      for (const [title, link] of pages) {
        const { hits } = await results(p.page, title);
        if (hits[0]?.href !== (link || './')) wrong.push(`${title} → ${hits[0]?.href} (want ${link || './'})`);
      }
      assert.deepEqual(wrong, []);
      const step2 = await p.page.getAttribute('.step-item:nth-child(2) .step-title a', 'href');
      const { hits } = await results(p.page, 'step 2 ck');
      assert.ok(hits[0].href.startsWith(step2), `${hits[0].href} is on ${step2}`);
      p.noErrors();
    });
  });

  test('highlights start words and never touch an entity', async () => {
    await withContext(browser, {}, async (context) => {
      for (const server of [fixture, bundled]) {
        const p = await open(context, server.base);
        for (const q of PROBES) {
          const { hits } = await results(p.page, q);
          assertHighlights(hits, `${server.base} "${q}"`);
        }
        await p.page.close();
      }
      // The fixture's FAQ holds "R&D", "AT&T" and "<angle>": "amp" finds "amplifier" only.
      const p = await open(context, fixture.base);
      const { hits } = await results(p.page, 'amp');
      assert.equal(hits.length, 1, JSON.stringify(hits));
      assert.deepEqual(hits[0].marks.map((m) => m.text), ['amp']);
      assert.match(hits[0].snippet, /R&D|AT&T/);
      assert.match(hits[0].html, /AT&amp;T had an <mark>amp<\/mark>lifier/);
      // "ck" marks the word CK, never the end of "tick" or "sticky".
      const ck = await results(p.page, 'ck');
      assert.ok(ck.hits.length > 0);
      assert.ok(ck.hits.every((h) => !/tick|stick/i.test(h.marks.map((m) => m.text).join(' '))));
      assert.ok(ck.hits.every((h) => h.marks.every((m) => m.text.toLowerCase() === 'ck')), JSON.stringify(ck.hits.map((h) => h.marks)));
      assert.ok(!ck.hits.some((h) => h.href === 'step-1-tick-the-boxes/'), 'a page with "tick" but no word starting "ck" is no match');
    });
  });

  test('a checklist item leads to the item on its checklist page', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      const { hits } = await results(p.page, 'buy ticket');
      assert.equal(hits[0].title, 'Checklist: Step 1 — Tick the boxes');
      assert.equal(hits[0].heading, 'Shopping');
      assert.equal(hits[0].snippet, 'Buy a ticket for the exam hall');
      await p.page.click('#search .search-results li a');
      await p.page.waitForURL(/checklist\/#item-s1-buy-ticket$/);
      assert.equal(await p.page.evaluate(() => document.querySelector(':target')?.id), 'item-s1-buy-ticket');
      assert.equal(await p.page.isVisible('#item-s1-buy-ticket'), true);
      p.noErrors();
    });
  });

  test('results link to the heading that matched', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base + 'faq/');
      const { hits } = await results(p.page, 'aim realistic target');
      assert.equal(hits[0].href, '../step-2-exams/#ck-target');
      assert.equal(hits[0].heading, 'Step 2 CK target');
      await p.page.click('#search .search-results li a');
      await p.page.waitForURL(/step-2-exams\/#ck-target$/);
      assert.equal(await p.page.evaluate(() => document.querySelector(':target')?.textContent.trim().startsWith('Step 2 CK target')), true);
      p.noErrors();
    });
  });

  test('no match, and words that no single result has', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      let r = await results(p.page, 'zzzz');
      assert.equal(r.status, 'No results');
      assert.equal(r.hits.length, 0);
      r = await results(p.page, 'a');
      assert.equal(r.status, 'Type at least two letters');
      r = await results(p.page, 'zzzz ticket');
      assert.match(r.status, /^No result has every word; closest: \d+ results?$/);
      assert.ok(r.hits.length > 0 && r.hits.every((h) => h.marks.some((m) => /^ticket$/i.test(m.text))));
      p.noErrors();
    });
  });

  test('the keyboard: / focuses, arrows move through results, Escape clears, Enter opens the first', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fixture.base);
      const focused = () => p.page.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('href'));
      await p.page.keyboard.press('/');
      assert.equal(await focused(), 'search-input');
      await p.page.keyboard.type('letters');
      await p.page.waitForSelector('#search .search-results li');
      const links = await p.page.$$eval('#search .search-results a', (as) => as.map((a) => a.getAttribute('href')));
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
      assert.equal(await p.page.$$eval('#search .search-results li', (l) => l.length), 0);
      assert.equal(await focused(), 'search-input');
      await p.page.keyboard.type('ticket office');
      await p.page.keyboard.press('Enter');
      await p.page.waitForURL(/step-1-tick-the-boxes\/#ticket-office$/);
      p.noErrors();
    });
  });

  test('a query typed while the index is still on its way is answered when it arrives', async () => {
    await withContext(browser, {}, async (context) => {
      // A slow connection: the index arrives a second after it is asked for.
      await context.route('**/search-index.js', async (route) => {
        await new Promise((r) => setTimeout(r, 1000));
        await route.continue();
      });
      const p = await open(context, fixture.base);
      await p.page.focus('#search-input');
      await p.page.keyboard.type('letters');
      await p.page.waitForSelector('#search .search-results li', { timeout: 5000 });
      p.noErrors();
    });
  });

  test('the bundled guide\'s index stays within 96 KB', () => {
    const size = fs.statSync(path.join(OUTPUT, 'search-index.js')).size;
    assert.ok(size <= 96 * 1024, `search-index.js is ${size} bytes`);
  });
});
