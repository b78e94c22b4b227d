// Offline reading in real headless Chromium, on a copy of the reader
// fixture served under a subpath: after one visit every page reads
// offline (one never opened, a checklist page, the print page) and search
// works, in the box and on the results page; a new build reaches the reader as "This guide was updated -
// reload", fetching only the files that changed; the manifest makes the
// guide installable; from file:// nothing is registered; and under
// `stepwise serve` no worker is registered, and one a visit to a build
// left at the same address is removed.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { READER, STEPWISE, CHROMIUM, missing, launch, serve, open, withContext, fileUrl, axe } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

/** Builds the site at `root` into `out` (the same folder each time, as a deploy would). */
function buildInto(root, out) {
  execFileSync(STEPWISE, ['build', '--quiet', '--root', root, '--out', out], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Every file of `dir` with its bytes, by path. */
function files(dir) {
  const found = new Map();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else found.set(path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p));
    }
  };
  walk(dir);
  return found;
}

/** The files the worker of the site in `out` keeps. */
function kept(out) {
  const js = fs.readFileSync(path.join(out, 'sw.js'), 'utf8');
  return JSON.parse(/^var FILES = (.*);$/m.exec(js)[1]).map(([p]) => p);
}

/** Counts the page's calls to navigator.serviceWorker.register (an init script). */
function countRegistrations() {
  window.registerCalls = 0;
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (...args) {
    window.registerCalls += 1;
    return register.apply(this, args);
  };
}

/** Opens `url` and waits until a worker controls the page and has kept every file. */
async function visit(context, url) {
  const p = await open(context, url);
  await p.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  return p;
}

describe('offline reading', { skip }, () => {
  let browser;
  let root;
  let out;
  let server;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-offline-root-'));
    fs.cpSync(READER, root, { recursive: true });
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-offline-')), 'site');
    buildInto(root, out);
    browser = await launch();
    server = await serve(out);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    for (const d of [root, out && path.dirname(out)]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  test('after one visit, pages never opened, a checklist, the print page and search work offline', async () => {
    await withContext(browser, {}, async (context) => {
      const home = await visit(context, server.base);
      await context.setOffline(true);
      try {
        // A reload of the page visited, then pages never opened.
        const again = await home.page.reload();
        assert.equal(again.status(), 200, 'reload');
        assert.equal((await home.page.textContent('h1')).trim(), 'Reader fixture', 'reload');
        for (const [rel, h1] of [
          ['step-3-letters/', 'Step 3 — Letters and networking'],
          ['step-2-exams/checklist/', 'Checklist: Step 2 — Exams and scores'],
          ['print/', 'Reader fixture'],
          ['faq/', 'Frequently asked questions'],
        ]) {
          const res = await home.page.goto(server.base + rel);
          assert.equal(res.status(), 200, rel);
          assert.equal((await home.page.textContent('h1')).trim(), h1, rel);
        }
        // Styles and scripts came along: the page is styled, its search answers.
        await home.page.goto(server.base);
        assert.notEqual(await home.page.$eval('.site-header', (e) => getComputedStyle(e).borderBottomStyle), 'none');
        await home.page.fill('#search-input', 'letters');
        await home.page.waitForSelector('#search .search-results li', { timeout: 5000 });
        assert.doesNotMatch(await home.page.textContent('#search .search-results'), /could not be loaded/);
        // The results page too, with every file its query loads (term files, fragments).
        await home.page.goto(server.base + 'search/?q=letters');
        await home.page.waitForSelector('#search-page .search-results .search-result', { timeout: 5000 });
        assert.doesNotMatch(await home.page.textContent('#search-page'), /could not be loaded/);
        home.noErrors();
      } finally {
        await context.setOffline(false);
      }
    });
  });

  test('a new build: the page says so, only what changed is fetched, and a reload shows the new text', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await visit(context, server.base);
      await p.page.goto(server.base + 'step-2-exams/');
      const before = files(out);
      // One word of one page, built into the same folder, as a deploy would.
      const md = path.join(root, 'content', 'step-2-exams.md');
      fs.writeFileSync(md, fs.readFileSync(md, 'utf8').replace('Plan for them early.', 'Plan for them very early.'));
      buildInto(root, out);
      const after = files(out);
      const changed = [...after.keys()].filter((f) => !before.get(f)?.equals(after.get(f)));
      assert.ok(changed.includes('step-2-exams/index.html'), changed.join());
      server.log.length = 0;

      // The next visit: served from what was kept, while the new worker
      // installs; then the page says the guide was updated.
      await p.page.goto(server.base + 'faq/');
      const notice = p.page.locator('#stepwise-updated');
      await notice.waitFor({ timeout: 20000 });
      assert.equal((await notice.textContent()).trim(), 'This guide was updated - reload');
      assert.equal(await notice.getAttribute('role'), 'status');
      // Readable in both schemes, and inside a phone's width.
      for (const colorScheme of ['light', 'dark']) {
        await p.page.emulateMedia({ colorScheme });
        assert.deepEqual(await axe(p.page), [], `the notice (${colorScheme})`);
      }
      await p.page.setViewportSize({ width: 320, height: 640 });
      const box = await notice.evaluate((e) => e.getBoundingClientRect().toJSON());
      assert.ok(box.left >= 0 && box.right <= 320, `the notice fits at 320 px: ${JSON.stringify(box)}`);
      const reload = await notice.locator('button').evaluate((e) => e.getBoundingClientRect().toJSON());
      assert.ok(reload.width >= 44 && reload.height >= 44, `reload is a 44 px target: ${JSON.stringify(reload)}`);
      const listed = new Set(kept(out));
      const fetched = [...new Set(server.log.map((u) => u.slice('/guide/'.length)))].sort();
      const want = changed.filter((f) => listed.has(f) || f === 'sw.js').sort();
      assert.deepEqual(fetched.filter((f) => f !== 'favicon.svg'), want, 'only sw.js and the files that changed');

      await notice.locator('button').click();
      await p.page.waitForLoadState('load');
      await p.page.goto(server.base + 'step-2-exams/');
      assert.match(await p.page.textContent('.content'), /Plan for them very early\./);
      p.noErrors();
    });
  });

  test('the manifest makes the guide installable, with its title and icon', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-profile-'));
    // Installing needs a profile of its own (not an incognito context).
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      await page.goto(server.base);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, []);
      const { url, errors, data } = await cdp.send('Page.getAppManifest');
      assert.equal(url, server.base + 'manifest.webmanifest');
      assert.deepEqual(errors, []);
      const manifest = JSON.parse(data);
      assert.equal(manifest.name, 'Reader Fixture — a Deliberately Long Site Title for the Header Tests');
      assert.equal(manifest.icons[0].src, 'favicon.svg');
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });

  test('from file:// nothing is registered and nothing fails', async () => {
    await withContext(browser, {}, async (context) => {
      const p = await open(context, fileUrl(out, ''));
      await p.page.waitForLoadState('load');
      await p.page.waitForTimeout(300);
      assert.equal(await p.page.evaluate(() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)), false);
      p.noErrors();
    });
  });

  test('under stepwise serve no worker is registered, and one left by a build at the same address goes', async () => {
    // A visit to the build at the preview's future address leaves a worker.
    const build = await serve(out, '/');
    const port = build.port;
    const context = await browser.newContext();
    let preview;
    try {
      const first = await visit(context, `http://127.0.0.1:${port}/`);
      await first.page.close();
      await build.close();

      preview = spawn(STEPWISE, ['serve', '--root', root, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      const url = await new Promise((resolve, reject) => {
        let said = '';
        const timer = setTimeout(() => reject(new Error(`serve said: ${said}`)), 30000);
        preview.stdout.on('data', (d) => {
          said += d;
          const m = /Serving .* at (http:\/\/\S+)/.exec(said);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
        preview.on('exit', (code) => reject(new Error(`serve exited ${code}: ${said}`)));
      });
      assert.equal(new URL(url).port, String(port), 'the preview took the same address');

      // The kept page may show first; the preview's worker then removes the
      // old one and its cache, and the page comes from the preview.
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(async () => window.__stepwiseServe === true
        && navigator.serviceWorker.controller === null
        && (await navigator.serviceWorker.getRegistrations()).length === 0
        && (await caches.keys()).every((n) => !n.startsWith('stepwise ')), null, { timeout: 20000, polling: 200 });

      // A first visit to the preview registers nothing, not even for a moment.
      await withContext(browser, {}, async (fresh) => {
        await fresh.addInitScript(countRegistrations);
        const p = await open(fresh, url);
        await p.page.waitForLoadState('load');
        await p.page.waitForTimeout(1000);
        assert.equal(await p.page.evaluate(() => window.registerCalls), 0);
        assert.equal(await p.page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
        p.noErrors();
      });
      // While the same page built registers its worker.
      await withContext(browser, {}, async (fresh) => {
        await fresh.addInitScript(countRegistrations);
        const p = await visit(fresh, server.base);
        assert.equal(await p.page.evaluate(() => window.registerCalls), 1);
      });
    } finally {
      preview?.kill('SIGINT');
      await context.close();
      await build.close().catch(() => {});
    }
  });
});
