// Shared set-up for the browser tests: Debian's Chromium through playwright-core
// (never a downloaded browser), a tiny static server for output/ under a
// subpath, and page wrappers that record every request and uncaught error.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SITE_ROOT = path.resolve(process.env.SITE_ROOT || path.join(here, '..', '..'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OUTPUT = path.join(SITE_ROOT, 'output');
export const STEPWISE = process.env.STEPWISE || path.join(SITE_ROOT, 'target', 'release', 'stepwise');
export const FIXTURES = path.join(SITE_ROOT, 'tests', 'fixtures', 'checklist');
/** The site the overview, search and layout tests build: three steps, a FAQ, long titles and words. */
export const READER = path.join(SITE_ROOT, 'tests', 'fixtures', 'reader');

/** Why the suite cannot run here, or null. With CI set the suite fails instead of skipping. */
export function missing() {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  return null;
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // playwright-core gives every launch a fresh temporary user-data-dir.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The checklist pages of a built site: [{ dir, rel }] with rel like `step-1/checklist/`. */
export function checklistPages(out) {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'index.html' && path.basename(dir) === 'checklist') {
        found.push(path.relative(out, dir).split(path.sep).join('/') + '/');
      }
    }
  };
  walk(out);
  return found.sort();
}

/** Builds the site at `root` into a fresh temp folder with the release binary. */
export function buildSite(root, ...extra) {
  if (!fs.existsSync(STEPWISE)) {
    throw new Error(`${STEPWISE} is missing: run cargo build --release first`);
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-browser-'));
  execFileSync(STEPWISE, ['build', '--quiet', '--root', root, '--out', out, ...extra], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Built once: the spare copy stepwise keeps beside its output is not needed.
  fs.rmSync(path.join(path.dirname(out), `.${path.basename(out)}.stepwise`), { recursive: true, force: true });
  return out;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.ics': 'text/calendar; charset=utf-8', '.webmanifest': 'application/manifest+json' };

/** Serves `root` at http://127.0.0.1:<ephemeral>/guide/ (or at `prefix`). `log` holds every path asked for. */
export async function serve(root, prefix = '/guide/') {
  const log = [];
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    log.push(pathname);
    const fail = (code) => {
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(String(code));
    };
    if (!['GET', 'HEAD'].includes(req.method) || !pathname.startsWith(prefix)) return fail(404);
    let file = path.join(root, decodeURIComponent(pathname.slice(prefix.length)));
    if (!file.startsWith(root)) return fail(403);
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) return fail(404);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        'content-length': data.length,
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  // Closing also drops the connections a browser keeps open, so the port is
  // free at once (offline.test.mjs starts the preview on it).
  const close = () => new Promise((r) => {
    server.close(r);
    server.closeAllConnections();
  });
  return { base, log, port: server.address().port, close };
}

/** Where the browser keeps the bundled guide's ticks. */
export const KEY = 'stepwise:ir-usimg:main:v2';

/** The ticks the browser keeps under `key`: { id: 1 (ticked) | 0 (unticked) }, or null. */
export const stored = (page, key = KEY) => page.evaluate((k) => {
  const v = localStorage.getItem(k);
  if (v === null) return null;
  const o = JSON.parse(v);
  return Object.fromEntries(Object.entries(o.ticks).map(([id, r]) => [id, r[0]]));
}, key);

export const fileUrl = (out, rel) => pathToFileURL(path.join(out, rel, 'index.html')).href;

/** Runs `fn` with a fresh context of `browser` made with `options`, and closes it even if `fn` throws. */
export async function withContext(browser, options, fn) {
  const context = await browser.newContext(options);
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/**
 * Opens `url` in a new page of `context`, recording requests, uncaught
 * exceptions and console errors. `clean()` asserts no request but the page itself
 * and no error.
 */
export async function open(context, url) {
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  const self = url.split('#')[0];
  return {
    page,
    requests,
    errors,
    /** Asserts no uncaught exception or console error (pages that load their own assets). */
    noErrors() {
      if (errors.length) throw new Error(`page ${self}\nerrors: ${JSON.stringify(errors)}`);
    },
    clean() {
      const others = requests.filter((r) => r.split('#')[0] !== self);
      if (others.length || errors.length) {
        throw new Error(`page ${self}\nother requests: ${JSON.stringify(others)}\nerrors: ${JSON.stringify(errors)}`);
      }
    },
  };
}

/** Runs axe-core, injected from node_modules (never fetched), and returns its violations. */
const AXE = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE });
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
  }));
}
