// The whole built guide in real headless Chromium: every page over http at a
// subpath with the network log watched, axe-core on every page at a phone's
// and a laptop's width in light and dark, the search box over http and from
// file://, links that work from disk, and no horizontal scrolling at 320 px.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUTPUT, missing, launch, serve, open, axe, withContext } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

/** Every page of the built site, as paths like `step-1/` or `404.html`. */
function allPages(out) {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) {
        const rel = path.relative(out, p).split(path.sep).join('/');
        found.push(rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  };
  walk(out);
  return found.sort();
}

describe('the built guide', { skip }, () => {
  let browser;
  let server;
  let pages;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, 'index.html')), `build the bundled guide first (${OUTPUT})`);
    pages = allPages(OUTPUT);
    assert.ok(pages.length >= 14, `expected the bundled guide's pages, found ${pages}`);
    browser = await launch();
    server = await serve(OUTPUT);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('every page loads under a subpath with no failed, external or console-error request', async () => {
    await withContext(browser, {}, async (context) => {
      for (const rel of pages) {
        const page = await context.newPage();
        const requests = [];
        const failed = [];
        const errors = [];
        const statuses = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('requestfailed', (r) => failed.push(r.url()));
        page.on('response', (r) => statuses.push([r.url(), r.status()]));
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(server.base + rel, { waitUntil: 'networkidle' });
        assert.deepEqual(errors, [], `${rel} logged errors`);
        const outside = requests.filter((u) => !u.startsWith(server.base) && !u.startsWith('data:'));
        assert.deepEqual(outside, [], `${rel} asked another host`);
        assert.deepEqual(failed, [], `${rel} had failed requests`);
        const bad = statuses.filter(([, s]) => s >= 400);
        assert.deepEqual(bad, [], `${rel} got error statuses`);
        await page.close();
      }
    });
  });

  test('every internal link of every page answers 200 over http', async () => {
    await withContext(browser, {}, async (context) => {
      const seen = new Set();
      for (const rel of pages.filter((r) => r !== '404.html')) {
        const p = await open(context, server.base + rel);
        const hrefs = await p.page.$$eval('a[href]', (as) => as.map((a) => a.href));
        for (const href of hrefs) {
          const target = href.split('#')[0];
          if (!target.startsWith(server.base) || seen.has(target)) continue;
          seen.add(target);
          const res = await context.request.get(target);
          assert.equal(res.status(), 200, `${rel} links to ${href}`);
        }
        await p.page.close();
      }
      assert.ok(seen.size >= 10, `followed ${seen.size} links`);
    });
  });

  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of [{ width: 375, height: 812 }, { width: 1280, height: 800 }]) {
      test(`axe-core finds no violation on any page (${colorScheme}, ${viewport.width} px)`, async () => {
        await withContext(browser, { colorScheme, viewport }, async (context) => {
          for (const rel of pages) {
            const p = await open(context, server.base + rel);
            const violations = await axe(p.page);
            assert.deepEqual(violations, [], `${rel} (${colorScheme}, ${viewport.width} px)`);
            await p.page.close();
          }
        });
      });
    }
  }

  test('no page scrolls sideways at 320 px', async () => {
    await withContext(browser, { viewport: { width: 320, height: 640 } }, async (context) => {
      for (const rel of pages) {
        const p = await open(context, server.base + rel);
        const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 320, `${rel} is ${width}px wide at 320px`);
        await p.page.close();
      }
    });
  });

  /** Searches as a reader would: one entry per heading shown (or per page shown without one). */
  async function searchFor(page, query) {
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input', '/ focuses the search box');
    await page.keyboard.type(query);
    await page.waitForSelector('#search .search-result');
    return page.$$eval('#search .search-result', (docs) => docs.flatMap((li) => {
      const title = li.querySelector('.search-title');
      const entry = (a, heading) => ({
        href: a.getAttribute('href'),
        title: title.textContent,
        heading,
        marks: [...(heading ? a : li).querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
      });
      const parts = [...li.querySelectorAll('.search-parts a')];
      return parts.length ? parts.map((a) => entry(a, a.querySelector('.search-heading').textContent)) : [entry(title, '')];
    }));
  }

  test('search over http finds a section and links to its anchor', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, server.base + 'faq/');
      const results = await searchFor(p.page, 'ESIR guarantee');
      assert.ok(results.length > 0);
      assert.ok(results[0].marks.includes('esir'), JSON.stringify(results[0]));
      assert.match(results[0].href, /^\.\.\/[a-z0-9-]+\/#[a-z0-9-]+$/, 'relative link to a heading');
      await p.page.click('#search .search-parts a');
      await p.page.waitForLoadState('load');
      const hash = new URL(p.page.url()).hash.slice(1);
      assert.ok(hash && (await p.page.$(`[id="${hash}"]`)), `landed on an existing anchor ${p.page.url()}`);
      p.noErrors();
    });
  });

  test('search and folder links work from file://', async () => {
    await withContext(browser, {}, async (context) => {
      const home = pathToFileURL(path.join(OUTPUT, 'index.html')).href;
      const p = await open(context, home);
      const results = await searchFor(p.page, 'Step 2 CK');
      assert.ok(results.some((r) => r.heading.toLowerCase().includes('step 2 ck')), JSON.stringify(results));
      assert.ok(results.every((r) => /index\.html(#|$)/.test(r.href)), 'result links name index.html on disk');
      await p.page.click('#search .search-parts a[href*="#"]');
      await p.page.waitForLoadState('load');
      assert.match(p.page.url(), /^file:.*\/index\.html#/);
      // An overview link to a folder opens that folder's page, not a listing.
      await p.page.goto(home);
      await p.page.click('.step-list li:first-child .step-title a');
      await p.page.waitForLoadState('load');
      assert.match(p.page.url(), /step-1-[a-z-]+\/index\.html$/);
      assert.equal(await p.page.locator('h1').count(), 1);
      p.noErrors();
    });
  });

  test('the 404 page finds the site root under a subpath', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, server.base + '404.html');
      await p.page.waitForFunction(() => document.getElementById('home').getAttribute('href') !== './');
      assert.equal(await p.page.getAttribute('#home', 'href'), '/guide/');
      const styled = await p.page.evaluate(() => getComputedStyle(document.body).maxWidth);
      assert.notEqual(styled, 'none', 'inline styles apply at any depth');
    });
  });

  test('without JavaScript the search box gives way to a contents link', async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(server.base + 'step-1-map-the-path/');
      assert.equal(await page.isVisible('#search-input'), false);
      assert.equal(await page.isVisible('#search .search-nojs a'), true);
    });
  });
});
