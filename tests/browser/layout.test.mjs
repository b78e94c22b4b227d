// Layout in real headless Chromium at a desktop and a phone size: at
// 1280x800 the header is one row (brand, steps and search side by side); at
// 375x740 no kind of page scrolls sideways (home, step, checklist, FAQ,
// print, and a page with long words, a wide table and long code), also
// with the phone bar's menu and the search results open. Runs on the reader
// fixture, made for it, and on the bundled guide, its pages found from its
// own links.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { OUTPUT, READER, missing, launch, serve, open, buildSite, withContext } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

/** One page of each kind, found from the home page's own links: [kind, path]. */
async function kinds(context, base) {
  const p = await open(context, base);
  const step = await p.page.getAttribute('.step-item .step-title a', 'href');
  const checklist = await p.page.getAttribute('.step-item .step-checklist a', 'href');
  const more = await p.page.$$eval('.nav-more a', (as) => as.map((a) => a.getAttribute('href')));
  const faq = more.find((h) => /faq/.test(h));
  const print = await p.page.getAttribute('.print-link a', 'href');
  await p.page.close();
  assert.ok(step && checklist && faq && print, JSON.stringify({ step, checklist, faq, print }));
  const found = [['home', ''], ['step', step], ['checklist', checklist], ['FAQ', faq], ['print', print]];
  for (const h of more.filter((x) => x !== faq)) found.push(['other page', h]);
  return found;
}

/** Where the header's parts are, and how wide the page is. */
const measure = (page) => page.evaluate(() => {
  const box = (sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  };
  return {
    brand: box('.site-header .brand'),
    nav: box('.site-header .site-nav'),
    search: box('.site-header .search input'),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  };
});

const overlaps = (a, b) => a.top < b.bottom && b.top < a.bottom;

describe('layout', { skip }, () => {
  let browser;
  let servers;
  let out;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, 'index.html')), `build the bundled guide first (${OUTPUT})`);
    out = buildSite(READER);
    browser = await launch();
    servers = [await serve(out), await serve(OUTPUT)];
  });

  after(async () => {
    await browser?.close();
    for (const s of servers || []) await s.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  test('at 1280x800 the header is one row: brand, steps and search side by side', async () => {
    await withContext(browser, { viewport: DESKTOP }, async (context) => {
      for (const server of servers) {
        for (const [kind, rel] of await kinds(context, server.base)) {
          if (kind === 'checklist') continue; // a self-contained page with no header
          const p = await open(context, server.base + rel);
          const m = await measure(p.page);
          const where = `${server.base}${rel} (${kind})`;
          assert.ok(m.brand && m.nav && m.search, `${where}: ${JSON.stringify(m)}`);
          assert.ok(overlaps(m.search, m.brand), `${where}: the search box is on the title's row ${JSON.stringify(m)}`);
          assert.ok(overlaps(m.nav, m.brand), `${where}: the steps are on the title's row ${JSON.stringify(m)}`);
          assert.ok(m.brand.right <= m.nav.left && m.nav.right <= m.search.left, `${where}: in order, not overlapping ${JSON.stringify(m)}`);
          assert.ok(m.scrollWidth <= m.innerWidth, `${where} is ${m.scrollWidth}px wide`);
          // Every step link is shown whole, none scrolled out of sight.
          const hidden = await p.page.$$eval('.nav-steps a', (as) => as.filter((a) => {
            const r = a.getBoundingClientRect(), u = a.closest('ul').getBoundingClientRect();
            return r.left < u.left - 0.5 || r.right > u.right + 0.5;
          }).map((a) => a.textContent));
          assert.deepEqual(hidden, [], where);
          await p.page.close();
        }
      }
    });
  });

  test('at 375x740 no page scrolls sideways, with the phone menu and search results open too', async () => {
    await withContext(browser, { viewport: PHONE }, async (context) => {
      for (const server of servers) {
        for (const [kind, rel] of await kinds(context, server.base)) {
          const p = await open(context, server.base + rel);
          const where = `${server.base}${rel} (${kind})`;
          const width = async (what) => {
            const m = await measure(p.page);
            assert.ok(m.scrollWidth <= m.innerWidth, `${where}${what}: ${m.scrollWidth}px wide at ${m.innerWidth}px`);
          };
          await width('');
          if (kind !== 'checklist') {
            assert.equal(await p.page.isVisible('.site-header .site-nav'), false, `${where}: the header's steps give way to the bar`);
            await p.page.click('.nav-menu summary');
            assert.equal(await p.page.isVisible('.nav-menu-list a'), true, `${where}: the phone menu opens`);
            await width(' with the phone menu open');
            await p.page.click('.nav-menu summary');
            await p.page.fill('#search-input', 'st');
            await p.page.waitForSelector('#search .search-results li');
            await width(' with search results open');
            const r = await p.page.$eval('#search .search-results', (e) => e.getBoundingClientRect().toJSON());
            assert.ok(r.left >= 0 && r.right <= 375, `${where}: the results fit the screen ${JSON.stringify(r)}`);
          }
          p.noErrors();
          await p.page.close();
        }
      }
    });
  });

  test('the More menu lists the pages that are not steps, and marks the current one', async () => {
    await withContext(browser, { viewport: DESKTOP }, async (context) => {
      const p = await open(context, servers[0].base + 'glossary/');
      assert.deepEqual(await p.page.$$eval('.nav-steps a', (as) => as.map((a) => a.textContent)), ['Step 1', 'Step 2', 'Step 3']);
      assert.equal(await p.page.isVisible('.nav-more ul'), false, 'closed at first');
      await p.page.focus('.nav-more summary');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.page.$$eval('.nav-more ul a', (as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('aria-current')])), [
        ['../faq/', null],
        ['./', 'page'],
        ['../calendar/', null],
      ]);
      assert.equal(await p.page.getAttribute('.nav-more summary', 'class'), 'current');
      assert.equal(await p.page.isVisible('.nav-more ul a[href="../calendar/"]'), true);
      // It closes like a menu: Escape returns to its button, a click elsewhere closes it.
      await p.page.focus('.nav-more ul a[href="../calendar/"]');
      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.isVisible('.nav-more ul'), false);
      assert.equal(await p.page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
      await p.page.click('.nav-more summary');
      assert.equal(await p.page.isVisible('.nav-more ul'), true);
      await p.page.click('h1');
      assert.equal(await p.page.isVisible('.nav-more ul'), false);
      p.noErrors();
    });
  });
});
