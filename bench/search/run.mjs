#!/usr/bin/env node
// Search benchmark: stepwise's search against Pagefind on the same built HTML,
// in Debian's Chromium driven by playwright-core. See README.md.
//
//   node bench/search/run.mjs [--sites guide,1000,10000] [--runs 3] [--throttle 1,4]
//                             [--stepwise BIN] [--label NAME] [--tools stepwise,pagefind]
//                             [--json FILE] [--workdir DIR] [--keep]
//
// For each site it builds the HTML once with stepwise (the bundled guide, or
// bench/build/gen_corpus.py's corpus with the built-in theme and the word
// "kerberos" planted on five pages), indexes the same HTML files with
// Pagefind's Node API (every page but print pages, 404 and stepwise's
// results page), serves the folder from a local server that gzips text as
// most hosts do, and times five queries per site in each tool's own UI.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

// --- options -----------------------------------------------------------------

function options(argv) {
  const o = {
    sites: 'guide,1000,10000',
    runs: 3,
    throttle: '1,4',
    stepwise: path.join(repo, 'target', 'release', 'stepwise'),
    label: '',
    tools: 'stepwise,pagefind',
    json: '',
    workdir: '',
    keep: false,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    pagefindDebounce: 0,
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--sites') o.sites = next();
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--throttle') o.throttle = next();
    else if (a === '--stepwise') o.stepwise = path.resolve(next());
    else if (a === '--label') o.label = next();
    else if (a === '--tools') o.tools = next();
    else if (a === '--json') o.json = path.resolve(next());
    else if (a === '--workdir') o.workdir = path.resolve(next());
    else if (a === '--keep') o.keep = true;
    else if (a === '--chromium') o.chromium = next();
    else if (a === '--pagefind-debounce') o.pagefindDebounce = Number(next());
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 14).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (--help lists them)`);
  }
  o.sites = o.sites.split(',');
  o.throttle = o.throttle.split(',').map(Number);
  o.tools = o.tools.split(',');
  o.label ||= path.basename(o.stepwise);
  return o;
}

/** The five queries of each site: a common word, a rare word, a two-word phrase, a three-letter prefix, an absent word. */
const QUERIES = {
  guide: { common: 'residency', rare: 'sponsorship', phrase: 'personal statement', prefix: 'int', absent: 'zeppelin' },
  corpus: { common: 'residency', rare: 'kerberos', phrase: 'program director', prefix: 'rad', absent: 'zeppelin' },
};

// --- sites -------------------------------------------------------------------

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...opts }).toString();
}

/** Builds site `name` into `work/name/site` and returns that folder. */
function build(o, work, name) {
  const dir = path.join(work, name);
  const site = path.join(dir, 'site');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let root = repo;
  if (name !== 'guide') {
    const corpus = path.join(dir, 'corpus');
    sh('python3', [path.join(repo, 'bench', 'build', 'gen_corpus.py'), corpus, '--pages', name,
      '--stepwise-theme', 'default', '--plant', 'kerberos:5']);
    root = path.join(corpus, 'stepwise');
  }
  sh(o.stepwise, ['build', '--quiet', '--root', root, '--out', site]);
  if (name !== 'guide') fs.rmSync(path.join(dir, 'corpus'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, '.site.stepwise'), { recursive: true, force: true });
  return site;
}

/** Every HTML file of `site` a reader would search: not print pages, 404 or a results page. */
function searchable(site) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'pagefind') walk(p);
      } else if (e.name.endsWith('.html')) {
        const rel = path.relative(site, p).split(path.sep).join('/');
        if (rel === '404.html' || /(^|\/)(print|search)\/index\.html$/.test(rel)) continue;
        found.push(rel);
      }
    }
  };
  walk(site);
  return found.sort();
}

/** Indexes the same HTML files with Pagefind into `site/pagefind/`; returns its seconds and size. */
async function pagefindIndex(site) {
  const pagefind = await import('pagefind');
  const t0 = performance.now();
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  for (const rel of searchable(site)) {
    const r = await index.addHTMLFile({ url: '/site/' + rel.replace(/index\.html$/, ''), content: fs.readFileSync(path.join(site, rel), 'utf8') });
    if (r.errors.length) throw new Error(`pagefind ${rel}: ${r.errors.join('; ')}`);
  }
  const w = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
  if (w.errors.length) throw new Error(`pagefind: ${w.errors.join('; ')}`);
  const seconds = (performance.now() - t0) / 1000;
  await pagefind.close();
  return { seconds, files: searchable(site).length };
}

/** The page that holds Pagefind's default UI, served beside the site. */
function pagefindPage(debounce) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="/site/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/site/pagefind/pagefind-ui.js"></script>
</head><body><div id="search"></div>
<script>window.addEventListener("DOMContentLoaded", () => {
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, bundlePath: "/site/pagefind/", debounceTimeoutMs: ${debounce} });
});</script></body></html>`;
}

// --- server ------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm',
};
/** Text that hosts compress; Pagefind's own files (`.pf_*`, `.pagefind`) are gzipped already. */
const COMPRESS = new Set(['.html', '.css', '.js', '.json', '.svg']);

/** Serves `site` at /site/ with gzip, no caching; `log` gets {path, raw, sent} per response. */
async function serve(site, extra) {
  const log = [];
  const gz = new Map();
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const send = (status, type, body, compress) => {
      const headers = { 'content-type': type, 'cache-control': 'no-store' };
      let out = body;
      if (compress && /gzip/.test(req.headers['accept-encoding'] || '')) {
        out = gz.get(pathname) || zlib.gzipSync(body, { level: 6 });
        gz.set(pathname, out);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = out.length;
      res.writeHead(status, headers);
      res.end(out);
      log.push({ path: pathname, raw: body.length, sent: out.length, status });
    };
    if (extra[pathname]) return send(200, TYPES['.html'], Buffer.from(extra[pathname]), true);
    if (!pathname.startsWith('/site/')) return send(404, 'text/plain', Buffer.from('404'), false);
    let file = path.join(site, decodeURIComponent(pathname.slice('/site/'.length)));
    if (!file.startsWith(site)) return send(403, 'text/plain', Buffer.from('403'), false);
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) return send(404, 'text/plain', Buffer.from('404'), false);
      const ext = path.extname(file);
      send(200, TYPES[ext] || 'application/octet-stream', data, COMPRESS.has(ext));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, log, close: () => new Promise((r) => server.close(r)) };
}

// --- the two UIs -------------------------------------------------------------

/**
 * How to open each tool and to tell that its results for `q` are on screen.
 * `done` runs in the page: stepwise's results are shown when its status line
 * is there and the results are not busy (loading parts of the index or
 * snippets); Pagefind's when its message names the query and no result is
 * still loading its excerpt.
 */
const TOOLS = {
  stepwise: {
    url: '/site/',
    input: '#search-input',
    clear: () => {
      const out = document.querySelector('#search .search-results');
      if (out) out.innerHTML = '';
    },
    done: () => {
      const out = document.querySelector('#search .search-results');
      const status = out && out.querySelector('.search-status');
      return !!status && out.getAttribute('aria-busy') !== 'true' && !/^Loading/.test(status.textContent);
    },
    count: () => document.querySelectorAll('#search .search-result, #search .search-results > ol > li').length,
  },
  pagefind: {
    url: '/__pagefind.html',
    input: '.pagefind-ui__search-input',
    clear: () => {},
    done: (q) => {
      const msg = document.querySelector('.pagefind-ui__message');
      // "Searching for q..." while it searches; "N results for q" or "No results for q" after.
      if (!msg || !msg.textContent.includes(q) || !/results? for/.test(msg.textContent)) return false;
      if (document.querySelector('.pagefind-ui__results .pagefind-ui__loading')) return false;
      const results = document.querySelectorAll('.pagefind-ui__result');
      return results.length === 0 || !!results[0].querySelector('.pagefind-ui__result-excerpt');
    },
    count: () => document.querySelectorAll('.pagefind-ui__result').length,
  },
};

/** Sets the query as if pasted and resolves with the milliseconds until `done` holds. */
async function timeQuery(page, tool, q) {
  return page.evaluate(
    ([sel, q, clear, done]) => new Promise((resolve, reject) => {
      // eslint-disable-next-line no-new-func
      const isDone = new Function('q', `return (${done})(q)`);
      new Function(`(${clear})()`)();
      const input = document.querySelector(sel);
      const t0 = performance.now();
      let finished = false;
      const check = () => {
        if (finished || !isDone(q)) return;
        finished = true;
        observer.disconnect();
        resolve(performance.now() - t0);
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      setTimeout(() => { if (!finished) { observer.disconnect(); reject(new Error(`no results for "${q}" within 60 s`)); } }, 60000);
      // No focus first: stepwise before issue 25 loaded its index on focus
      // and dropped a query typed while it loaded.
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      check();
    }),
    [TOOLS[tool].input, q, TOOLS[tool].clear.toString(), TOOLS[tool].done.toString()],
  );
}

/** Resolves once the server has had no request for `quiet` ms. */
async function settle(log, quiet = 300) {
  let n = -1;
  while (n !== log.length) {
    n = log.length;
    await new Promise((r) => setTimeout(r, quiet));
  }
}

/** Sums a slice of the server log: index data and code (scripts, wasm, styles) apart. */
function bytes(entries) {
  const sum = { data: 0, dataRaw: 0, code: 0, codeRaw: 0, requests: entries.length, files: [] };
  for (const e of entries) {
    const code = /\.(js|css|wasm|pagefind)$/.test(e.path) && !/\/search\/|search-index\.js$|\/pagefind\/(index|fragment)\//.test(e.path) && !/pf_/.test(e.path);
    if (code) { sum.code += e.sent; sum.codeRaw += e.raw; } else { sum.data += e.sent; sum.dataRaw += e.raw; }
    sum.files.push(`${e.path} ${e.sent}`);
  }
  return sum;
}

/**
 * One session: a fresh browser context with the cache disabled, CPU
 * throttled by `rate`, the tool's page loaded, then every query of `order`
 * in turn. Returns per query: its position, milliseconds, result count and
 * bytes; and the search bytes the page loaded before the first query.
 */
async function session(browser, server, tool, rate, order) {
  // A first visit: no offline worker (it would fetch the whole site in the
  // background and answer later queries from its cache).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const start = server.log.length;
    await page.goto(server.base + TOOLS[tool].url, { waitUntil: 'load' });
    await settle(server.log);
    // What the page loads for search before any query: its search script (and styles).
    const pageLoad = bytes(server.log.slice(start).filter((e) => /search|pagefind/.test(e.path)));
    const out = [];
    for (let k = 0; k < order.length; k++) {
      const [kind, q] = order[k];
      const mark = server.log.length;
      const ms = await timeQuery(page, tool, q);
      const count = await page.evaluate(`(${TOOLS[tool].count})()`);
      await settle(server.log);
      out.push({ kind, q, position: k, ms, count, ...bytes(server.log.slice(mark)) });
    }
    if (errors.length) throw new Error(`${tool}: page errors ${JSON.stringify(errors)}`);
    return { pageLoad, queries: out };
  } finally {
    await context.close();
  }
}

// --- report ------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1000).toFixed(b < 10e3 ? 1 : 0)} KB`);
const range = (xs, f) => {
  const lo = Math.min(...xs), hi = Math.max(...xs);
  return f(lo) === f(hi) ? f(lo) : `${f(lo)}–${f(hi)}`;
};
const ms = (x) => `${Math.round(x)} ms`;

/** Medians per (site, tool, rate, query, first|later) of time and bytes. */
function summarize(rows) {
  const groups = new Map();
  for (const r of rows) {
    const key = [r.site, r.tool, r.rate, r.kind, r.position === 0 ? 'first' : 'later'].join('|');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const out = [];
  for (const [key, rs] of groups) {
    const [site, tool, rate, kind, when] = key.split('|');
    out.push({
      site, tool, rate: Number(rate), kind, q: rs[0].q, when, n: rs.length,
      ms: median(rs.map((r) => r.ms)),
      data: median(rs.map((r) => r.data)), dataRaw: median(rs.map((r) => r.dataRaw)),
      code: median(rs.map((r) => r.code)), all: median(rs.map((r) => r.data + r.code)),
      count: median(rs.map((r) => r.count)),
      pageLoad: median(rs.map((r) => r.pageLoad)),
    });
  }
  return out;
}

function table(summary, sites, tools, rates) {
  const lines = [
    '| site | tool | CPU | with the page | first query: index (all search files) | later queries: index | time to results, first | later |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const site of sites) {
    for (const tool of tools) {
      for (const rate of rates) {
        const of = (when) => summary.filter((s) => s.site === site && s.tool === tool && s.rate === rate && s.when === when);
        const first = of('first'), later = of('later');
        if (!first.length) continue;
        lines.push(`| ${site} | ${tool} | ${rate}x | ${kb(first[0].pageLoad)} | ${range(first.map((s) => s.data), kb)} (${range(first.map((s) => s.all), kb)}) | ${range(later.map((s) => s.data), kb)} | ${range(first.map((s) => s.ms), ms)} | ${range(later.map((s) => s.ms), ms)} |`);
      }
    }
  }
  return lines.join('\n');
}

function perQuery(summary, sites, tools, rates) {
  const lines = ['| site | query | kind | tool | CPU | first: index gz (raw) | first: all search files | time first | later: index | time later | results shown |', '|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const site of sites) {
    for (const kind of Object.keys(QUERIES.guide)) {
      for (const tool of tools) {
        for (const rate of rates) {
          const f = summary.find((s) => s.site === site && s.tool === tool && s.rate === rate && s.kind === kind && s.when === 'first');
          const l = summary.find((s) => s.site === site && s.tool === tool && s.rate === rate && s.kind === kind && s.when === 'later');
          if (!f) continue;
          lines.push(`| ${site} | ${f.q} | ${kind} | ${tool} | ${rate}x | ${kb(f.data)} (${kb(f.dataRaw)}) | ${kb(f.all)} | ${ms(f.ms)} | ${l ? kb(l.data) : '–'} | ${l ? ms(l.ms) : '–'} | ${f.count} |`);
        }
      }
    }
  }
  return lines.join('\n');
}

/** Where stepwise loads more or takes longer than Pagefind for the same query (medians): the issue's targets. */
function behind(summary, sites, rates) {
  const lines = [];
  for (const s of summary.filter((x) => x.tool === 'stepwise' && sites.includes(x.site) && rates.includes(x.rate))) {
    const p = summary.find((x) => x.tool === 'pagefind' && x.site === s.site && x.rate === s.rate && x.kind === s.kind && x.when === s.when);
    if (!p) continue;
    const what = [];
    if (s.data > p.data) what.push(`loads ${kb(s.data)} against ${kb(p.data)}`);
    if (s.ms > p.ms) what.push(`takes ${ms(s.ms)} against ${ms(p.ms)}`);
    if (what.length) lines.push(`- ${s.site}, "${s.q}", ${s.when} query, ${s.rate}x: ${what.join(', ')}`);
  }
  return lines.length ? `Where stepwise is behind Pagefind (medians):\n${lines.join('\n')}` : 'stepwise loads no more and takes no longer than Pagefind for any query (medians).';
}

// --- main --------------------------------------------------------------------

async function main() {
  const o = options(process.argv);
  if (!fs.existsSync(o.stepwise)) throw new Error(`${o.stepwise} is missing: cargo build --release first, or pass --stepwise`);
  if (!fs.existsSync(o.chromium)) throw new Error(`no Chromium at ${o.chromium} (apt-get install chromium, or --chromium PATH)`);
  const work = o.workdir || fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-search-bench-'));
  const browser = await chromium.launch({
    executablePath: o.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const version = browser.version();
  const rows = [];
  const sites = {};
  try {
    for (const name of o.sites) {
      process.stderr.write(`${name}: building with ${o.stepwise}\n`);
      const site = build(o, work, name);
      sites[name] = { searchable: searchable(site).length };
      if (o.tools.includes('pagefind')) {
        const p = await pagefindIndex(site);
        sites[name].pagefindSeconds = p.seconds;
        process.stderr.write(`${name}: Pagefind indexed ${p.files} files in ${p.seconds.toFixed(1)} s\n`);
      }
      const server = await serve(site, { '/__pagefind.html': pagefindPage(o.pagefindDebounce) });
      const queries = Object.entries(name === 'guide' ? QUERIES.guide : QUERIES.corpus);
      try {
        for (let run = 0; run < o.runs; run++) {
          for (const rate of o.throttle) {
            for (const tool of o.tools) {
              // Each query comes first in one session of each run: its bytes
              // and time as the first query, and as a later one in the others.
              for (let k = 0; k < queries.length; k++) {
                const order = queries.slice(k).concat(queries.slice(0, k));
                const s = await session(browser, server, tool, rate, order);
                for (const q of s.queries) rows.push({ site: name, tool, rate, run, ...q, pageLoad: s.pageLoad.code + s.pageLoad.data });
                process.stderr.write(`${name} ${tool} ${rate}x run ${run + 1}: ${s.queries.map((q) => `${q.q} ${Math.round(q.ms)} ms ${kb(q.data)}`).join(', ')}\n`);
              }
            }
          }
        }
      } finally {
        await server.close();
      }
      if (!o.keep) fs.rmSync(path.join(work, name), { recursive: true, force: true });
    }
  } finally {
    await browser.close();
    if (!o.keep && !o.workdir) fs.rmSync(work, { recursive: true, force: true });
  }
  const summary = summarize(rows);
  console.log(`stepwise: ${o.label}; Pagefind 1.6.0 (default UI, debounce ${o.pagefindDebounce} ms, sub-results on); ${o.runs} runs; Chromium ${version}\n`);
  console.log(table(summary, o.sites, o.tools, o.throttle));
  console.log('\n' + perQuery(summary, o.sites, o.tools, o.throttle));
  if (o.tools.includes('stepwise') && o.tools.includes('pagefind')) console.log('\n' + behind(summary, o.sites, o.throttle));
  if (o.json) {
    fs.mkdirSync(path.dirname(o.json), { recursive: true });
    fs.writeFileSync(o.json, JSON.stringify({
      stepwise: o.label, pagefind: '1.6.0', chromium: version, runs: o.runs, throttle: o.throttle,
      pagefindDebounce: o.pagefindDebounce, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, mem: os.totalmem() },
      date: new Date().toISOString().slice(0, 10), queries: QUERIES, sites, summary, rows,
    }, null, 1) + '\n');
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
