// Reading on a phone and a laptop, in real headless Chromium: glossary terms
// open their definitions in place (tap, click, Enter, Space; Escape closes;
// the page stays), every step page's text starts on the first screen of a
// 375x812 phone, the phone bar names the page and stays at the top with a
// way back up, the contents are folded on a phone, numbered once and mark
// the section being read, tap targets are 44 px, ticked items stay
// readable, one button style, and the home page's cards fill their rows.
// Runs on the bundled guide (its pages found from its own links) and on
// the reader fixture.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUTPUT, READER, missing, launch, serve, open, axe, buildSite, withContext } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

const PHONE = { viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1280, height: 800 } };

/** The step pages a guide's home page links to, as paths from its root. */
async function stepPages(context, base) {
  const p = await open(context, base);
  const steps = await p.page.$$eval('.step-item .step-title a', (as) => as.map((a) => a.getAttribute('href')));
  await p.page.close();
  assert.ok(steps.length >= 3, `steps found: ${steps}`);
  return steps;
}

/** The size of what `selector` matches, in CSS pixels: [{ text, width, height }]. */
const sizes = (page, selector) => page.$$eval(selector, (els) => els.map((e) => {
  const r = e.getBoundingClientRect();
  return { text: e.textContent.trim().slice(0, 40), width: r.width, height: r.height };
}));

/** Asserts every box of `selector` on `page` is at least 44x44 (and that there is one). */
async function tappable(page, selector, where) {
  const found = await sizes(page, selector);
  assert.ok(found.length > 0, `${where}: nothing matches ${selector}`);
  const small = found.filter((s) => s.width < 44 || s.height < 44);
  assert.deepEqual(small, [], `${where}: ${selector} smaller than 44x44`);
}

/** Waits two frames, so a scroll handler has run. */
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('reading', { skip }, () => {
  let browser;
  let bundled;
  let fixture;
  let out;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    assert.ok(fs.existsSync(path.join(OUTPUT, 'index.html')), `build the bundled guide first (${OUTPUT})`);
    out = buildSite(READER);
    browser = await launch();
    bundled = await serve(OUTPUT);
    fixture = await serve(out);
  });

  after(async () => {
    await browser?.close();
    await bundled?.close();
    await fixture?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  test('a glossary term opens its definition on tap and on Enter, closes on Escape, and the page does not navigate', async () => {
    await withContext(browser, PHONE, async (context) => {
      const p = await open(context, bundled.base);
      const url = p.page.url();
      const term = p.page.locator('.content button.term').first();
      const name = (await term.textContent()).trim();
      assert.ok(name, 'the home page uses a glossary term');
      assert.equal(await p.page.locator('.content a.term').count(), 0, 'every term became a toggletip');
      const tip = p.page.locator('.toggletip:popover-open');
      assert.equal(await tip.count(), 0, 'closed at first');

      // A tap opens it in place, with the term, what it means and a link to the glossary.
      await term.scrollIntoViewIfNeeded();
      await term.tap();
      await tip.waitFor();
      assert.equal(p.page.url(), url, 'the first tap does not navigate');
      assert.equal(await term.getAttribute('aria-expanded'), 'true');
      const text = await tip.textContent();
      assert.ok(text.startsWith(name), text);
      assert.ok(text.length > name.length + 20, `the definition is shown: ${text}`);
      const href = await tip.locator('a').getAttribute('href');
      assert.match(href, /^glossary\/#term-[a-z0-9-]+$/, 'links to the glossary entry, relative');
      const box = await tip.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `inside the screen: ${JSON.stringify(box)}`);
      // A screen reader hears it: a live region says the same.
      await p.page.waitForFunction((n) => [...document.querySelectorAll('[role=status]')].some((s) => s.textContent.startsWith(n)), name);
      assert.equal(await p.page.evaluate(() => document.documentElement.scrollWidth), 375, 'nothing sideways');

      // A second tap closes it; a tap on the text elsewhere closes it too.
      await term.tap();
      assert.equal(await tip.count(), 0, 'a second tap closes it');
      await term.tap();
      await tip.waitFor();
      await p.page.locator('.content p').first().tap({ position: { x: 2, y: 2 } });
      assert.equal(await tip.count(), 0, 'a tap elsewhere closes it');

      // The keyboard: Enter opens, Tab reaches its link, Escape closes and stays on the term.
      await term.focus();
      await p.page.keyboard.press('Enter');
      await tip.waitFor();
      await p.page.keyboard.press('Tab');
      assert.equal(await p.page.evaluate(() => document.activeElement.closest('.toggletip') !== null), true, 'Tab reaches the glossary link');
      await p.page.keyboard.press('Escape');
      assert.equal(await tip.count(), 0, 'Escape closes it');
      await term.focus();
      await p.page.keyboard.press(' ');
      await tip.waitFor();
      assert.equal(p.page.url(), url, 'Space opens it, the page stays');
      await p.page.keyboard.press('Escape');
      assert.equal(await tip.count(), 0);
      assert.equal(await p.page.evaluate(() => document.activeElement.classList.contains('term')), true, 'focus stays on the term');

      // Following the link inside it goes to the entry.
      await term.tap();
      await tip.locator('a').tap();
      await p.page.waitForURL(/\/glossary\/#term-/);
      p.noErrors();
    });
  });

  test('an open definition stays under its term and inside the window when the window narrows', async () => {
    await withContext(browser, LAPTOP, async (context) => {
      const p = await open(context, bundled.base);
      const term = p.page.locator('.content button.term').first();
      await term.click();
      const tip = p.page.locator('.toggletip:popover-open');
      await tip.waitFor();
      await p.page.setViewportSize({ width: 375, height: 812 });
      await settle(p.page);
      const [t, b] = await Promise.all([tip.boundingBox(), term.boundingBox()]);
      assert.ok(t.x >= 0 && t.x + t.width <= 375, `inside the window: ${JSON.stringify(t)}`);
      assert.ok(Math.abs(t.y - (b.y + b.height + 6)) < 2 || Math.abs(t.y + t.height + 6 - b.y) < 2, `next to its term: ${JSON.stringify([t, b])}`);
      p.noErrors();
    });
  });

  test('with a definition open, and with the phone menu open, axe finds nothing', async () => {
    for (const colorScheme of ['light', 'dark']) {
      await withContext(browser, { ...PHONE, colorScheme }, async (context) => {
        const steps = await stepPages(context, bundled.base);
        const p = await open(context, bundled.base + steps[1]);
        await p.page.locator('.content button.term').first().tap();
        await p.page.locator('.toggletip:popover-open').waitFor();
        assert.deepEqual(await axe(p.page), [], `definition open (${colorScheme})`);
        await p.page.keyboard.press('Escape');
        await p.page.tap('.nav-menu summary');
        assert.deepEqual(await axe(p.page), [], `menu open (${colorScheme})`);
        p.noErrors();
      });
    }
  });

  test('without JavaScript a glossary term links to the glossary', async () => {
    await withContext(browser, { ...PHONE, javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(bundled.base);
      assert.equal(await page.locator('.content button.term').count(), 0);
      const href = await page.locator('.content a.term').first().getAttribute('href');
      assert.match(href, /^glossary\/#term-/);
      // The contents and the phone menu still open; the print button, which needs JavaScript, is not shown.
      const steps = await page.$$eval('.step-item .step-title a', (as) => as.map((a) => a.getAttribute('href')));
      await page.goto(bundled.base + steps[0]);
      await page.tap('.toc summary');
      assert.equal(await page.isVisible('.toc ol a'), true);
      await page.tap('.nav-menu summary');
      assert.equal(await page.isVisible('.nav-menu-list a'), true);
      await page.goto(bundled.base + 'print/');
      assert.equal(await page.isVisible('.print-controls button'), false);
    });
  });

  test('at 375x812 every step page starts its text on the first screen', async () => {
    await withContext(browser, PHONE, async (context) => {
      for (const server of [bundled, fixture]) {
        for (const rel of await stepPages(context, server.base)) {
          const p = await open(context, server.base + rel);
          const where = server.base + rel;
          const top = await p.page.$eval('.content > p', (e) => e.getBoundingClientRect().top);
          assert.ok(top < 812, `${where}: the first paragraph starts at ${top}px`);
          // The contents are there, folded.
          assert.equal(await p.page.$eval('.toc details', (d) => d.open), false, `${where}: contents folded`);
          // The phone bar names the page being read: its title, which the h1 shows.
          const now = await p.page.textContent('.nav-menu-now');
          const h1 = await p.page.textContent('h1');
          assert.ok(h1.includes(now.replace(/^Step \d+: /, '')), `${where}: the bar shows "${now}"`);
          assert.equal(await p.page.locator('.nav-menu-list a[aria-current=page]').count(), 1);
          // No label above the title repeats it.
          if (/^Step \d/.test(h1)) assert.equal(await p.page.locator('.eyebrow').count(), 0, `${where}: a "Step" label over "${h1}"`);
          p.noErrors();
          await p.page.close();
        }
      }
    });
  });

  test('at 375x812 the bar stays at the top while reading, and Top goes back up', async () => {
    await withContext(browser, PHONE, async (context) => {
      const [, rel] = await stepPages(context, bundled.base);
      const p = await open(context, bundled.base + rel);
      await p.page.evaluate(() => window.scrollTo(0, 2 * window.innerHeight));
      await settle(p.page);
      const bar = await p.page.$eval('.nav-bar', (e) => e.getBoundingClientRect().toJSON());
      assert.ok(Math.abs(bar.top) < 1 && bar.bottom <= 70, `the bar is at the top: ${JSON.stringify(bar)}`);
      assert.equal(await p.page.isVisible('.to-top'), true);
      await tappable(p.page, '.to-top', rel);
      await p.page.tap('.to-top');
      await p.page.waitForFunction(() => window.scrollY === 0);
      p.noErrors();
    });
  });

  test('at 375x812 primary controls are at least 44x44', async () => {
    await withContext(browser, PHONE, async (context) => {
      for (const server of [bundled, fixture]) {
        const home = await open(context, server.base);
        await tappable(home.page, '.nav-menu summary', 'home');
        await tappable(home.page, '.step-title a', 'home');
        await tappable(home.page, '.step-checklist a', 'home');
        await home.page.tap('.nav-menu summary');
        await tappable(home.page, '.nav-menu-list a', 'home, menu open');
        const checklist = await home.page.getAttribute('.step-checklist a', 'href');
        const [, rel] = await stepPages(context, server.base);
        const step = await open(context, server.base + rel);
        for (const s of ['.nav-menu summary', '.checklist-cta a', '.pager a', '.toc summary', '.search input']) {
          await tappable(step.page, s, rel);
        }
        const list = await open(context, server.base + checklist);
        // Each checkbox with its label, each "Why" link, each button.
        const items = await list.page.$$eval('#list .item', (lis) => lis.map((li) => {
          const l = li.querySelector('label').getBoundingClientRect(), i = li.querySelector('input').getBoundingClientRect();
          return { text: li.textContent.trim().slice(0, 30), width: l.right - i.left, height: l.height };
        }));
        assert.deepEqual(items.filter((s) => s.width < 44 || s.height < 44), [], `${checklist}: items`);
        await tappable(list.page, '#list .see', checklist);
        await tappable(list.page, '#tools button', checklist);
        await tappable(list.page, '.back a', checklist);
        for (const p of [home, step, list]) {
          p.noErrors();
          await p.page.close();
        }
      }
    });
  });

  test('the contents are numbered once and mark the section being read', async () => {
    for (const options of [LAPTOP, PHONE]) {
      await withContext(browser, options, async (context) => {
        const [, rel] = await stepPages(context, bundled.base);
        const p = await open(context, bundled.base + rel);
        const where = `${rel} at ${options.viewport.width} px`;
        const wide = options.viewport.width >= 1100;
        assert.equal(await p.page.$eval('.toc details', (d) => d.open), wide, `${where}: open beside the text, folded above it`);
        if (!wide) await p.page.tap('.toc summary');
        // Sections are numbered, their subsections are not (no "1. 1. 2.").
        const styles = await p.page.$$eval('.toc ol', (ols) => ols.map((o) => [o.parentElement.closest('ol') ? 'nested' : 'top', getComputedStyle(o).listStyleType]));
        assert.ok(styles.some(([k]) => k === 'nested'), `${where}: the guide has subsections`);
        for (const [kind, type] of styles) assert.equal(type, kind === 'top' ? 'decimal' : 'none', `${where}: ${kind} list`);
        // Scroll each of three sections to the top: its link, and only its link, is marked.
        const links = await p.page.$$eval('.toc a', (as) => as.map((a) => a.getAttribute('href')));
        assert.ok(links.length >= 4, links.join());
        for (const href of [links[2], links[links.length - 2], links[1]]) {
          await p.page.evaluate((id) => {
            const h = document.getElementById(id);
            window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 60);
          }, decodeURIComponent(href.slice(1)));
          await settle(p.page);
          const current = await p.page.$$eval('.toc a[aria-current=location]', (as) => as.map((a) => a.getAttribute('href')));
          assert.deepEqual(current, [href], `${where}: scrolled to ${href}`);
        }
        p.noErrors();
      });
    }
  });

  test('at 375x812 a score range stays on one line, in a table cell, in text and on a checklist', async () => {
    // A site made for it: the range where a line would break after its dash.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-ranges-'));
    const write = (rel, text) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('site.yaml', 'title: Ranges\n');
    write('content/_index.md', '---\ntitle: Ranges\n---\nHome.\n');
    write('content/score.md', [
      '---', 'title: Score', 'step: 1', 'checklist:', '  - group: Exams', '    items:',
      '      - id: target', '        text: "Set a Step 2 CK target in the top-quartile range of 245–255+ for the programs you want"', '---',
      '| What the number means for the programs you apply to | Score |', '|---|---|',
      '| The top quartile of matched applicants in the specialty: the range to aim for | **245–255+** |', '',
      ...Array.from({ length: 12 }, (_, n) => `${'word '.repeat(n + 3)}245–255+ and 25–40 and 1–2 more.`), '',
    ].join('\n'));
    const built = buildSite(root);
    const server = await serve(built);
    try {
      await withContext(browser, PHONE, async (context) => {
        for (const rel of ['score/', 'score/checklist/']) {
          const p = await open(context, server.base + rel);
          // Every occurrence of each range, measured as text: one line box each.
          const split = await p.page.evaluate(() => {
            const bad = [];
            const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              for (const m of n.data.matchAll(/\d+–\d+\+?/g)) {
                const r = document.createRange();
                r.setStart(n, m.index);
                r.setEnd(n, m.index + m[0].length);
                const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
                if (tops.size > 1) bad.push(m[0]);
              }
            }
            return { bad, checked: document.querySelectorAll('.nobr').length };
          });
          assert.deepEqual(split.bad, [], `${rel}: a range broke across lines`);
          assert.ok(split.checked >= 1, `${rel}: ranges found`);
          p.noErrors();
          await p.page.close();
        }
      });
    } finally {
      await server.close();
      fs.rmSync(built, { recursive: true, force: true });
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('ticked items stay readable: a mark and a muted colour, no strike-through', async () => {
    await withContext(browser, PHONE, async (context) => {
      const home = await open(context, fixture.base);
      const checklist = await home.page.getAttribute('.step-checklist a', 'href');
      const p = await open(context, fixture.base + checklist);
      const label = (n) => p.page.$eval(`#list .item:nth-child(${n}) label`, (l) => {
        const s = getComputedStyle(l);
        return { line: s.textDecorationLine, color: s.color, mark: getComputedStyle(l, '::after').content };
      });
      const before = await label(1);
      await p.page.tap('#list .item:nth-child(1) label');
      const after = await label(1);
      assert.equal(after.line, 'none', 'no strike-through');
      assert.notEqual(after.color, before.color, 'a muted colour');
      assert.match(after.mark, /done/, 'a mark');
      assert.equal(before.mark, 'none');
      p.noErrors();
    });
  });

  test('one button style on the step, checklist and print pages', async () => {
    await withContext(browser, LAPTOP, async (context) => {
      const style = async (rel, selector) => {
        const p = await open(context, bundled.base + rel);
        const s = await p.page.$eval(selector, (b) => {
          const c = getComputedStyle(b);
          return { fontSize: c.fontSize, fontWeight: c.fontWeight, fontFamily: c.fontFamily, radius: c.borderRadius, background: c.backgroundColor, color: c.color, height: Math.round(b.getBoundingClientRect().height) };
        });
        await p.page.close();
        return s;
      };
      const [, rel] = await stepPages(context, bundled.base);
      const home = await open(context, bundled.base);
      const checklist = await home.page.getAttribute('.step-checklist a', 'href');
      const cta = await style(rel, '.checklist-cta .button');
      assert.deepEqual(await style('print/', '.print-controls button'), cta, 'the print page');
      assert.deepEqual(await style(checklist, '#print'), cta, 'the checklist page');
    });
  });

  test('on a laptop the title has room under the header and the cards fill their rows', async () => {
    await withContext(browser, LAPTOP, async (context) => {
      for (const rel of ['', 'print/', (await stepPages(context, bundled.base))[1]]) {
        const p = await open(context, bundled.base + rel);
        const gap = await p.page.evaluate(() => {
          const first = document.querySelector('main').firstElementChild.getBoundingClientRect();
          return first.top - document.querySelector('.site-header').getBoundingClientRect().bottom;
        });
        assert.ok(gap >= 16, `${rel || 'home'}: ${gap}px between the header and the page`);
        await p.page.close();
      }
      for (const width of [1280, 1000, 700]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 800 });
        await page.goto(bundled.base);
        const rows = await page.$eval('.more-pages .cards', (ul) => {
          const box = ul.getBoundingClientRect(), byRow = new Map();
          for (const li of ul.children) {
            const r = li.getBoundingClientRect();
            byRow.set(Math.round(r.top), Math.max(byRow.get(Math.round(r.top)) || 0, r.right));
          }
          return [...byRow.values()].map((right) => Math.round(box.right - right));
        });
        assert.ok(rows.length >= 1 && rows.every((gap) => gap <= 1), `${width}px: a row ends short of the edge by ${rows}px`);
        await page.close();
      }
    });
  });
});
