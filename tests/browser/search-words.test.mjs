// The browser's half of search's words, without a browser: search.js run in
// node must stem every word of the shared list and cut every shared text
// into exactly the terms the index (src/render/search/) pins in
// tests/fixtures/search/, so that a query meets what the page says.
// Run: cd tests/browser && node --test search-words.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.env.SITE_ROOT || path.join(here, '..', '..'));
const fixtures = path.join(root, 'tests', 'fixtures', 'search');

/** search.js's engine, loaded as a page without a search box would. */
function engine() {
  const window = {};
  const code = fs.readFileSync(path.join(root, 'themes', 'default', 'static', 'search.js'), 'utf8');
  vm.runInNewContext(code, {
    window,
    document: { getElementById: () => null, documentElement: { lang: 'en' } },
    location: { protocol: 'http:', search: '' },
    Intl,
  });
  // Arrays made in the script's context are passed through JSON, so that
  // deepEqual compares them with this context's.
  const plain = (f) => (...args) => JSON.parse(JSON.stringify(f(...args)));
  const s = window.stepwiseSearch;
  return { stem: s.stem, terms: plain(s.terms), query: plain(s.query) };
}

test('search.js stems every word of the shared list as the index does', () => {
  const { stem } = engine();
  const pairs = fs.readFileSync(path.join(fixtures, 'stems.txt'), 'utf8').trim().split('\n').map((l) => l.split(' '));
  assert.ok(pairs.length > 1500);
  const wrong = pairs.filter(([w, s]) => stem(w) !== s).map(([w, s]) => `${w}: ${stem(w)} (index: ${s})`);
  assert.deepEqual(wrong, []);
  // The words.
  assert.equal(stem('visas'), stem('visa'));
  assert.equal(stem('applying'), stem('apply'));
});

test('search.js cuts every shared text into the index\'s terms', () => {
  const { terms } = engine();
  const cases = JSON.parse(fs.readFileSync(path.join(fixtures, 'words.json'), 'utf8'));
  assert.ok(cases.length >= 10);
  for (const [text, want] of cases) assert.deepEqual(terms(text), want, text);
});

test('a query is cut into words, and a Chinese word is looked up by its pairs', () => {
  const { query } = engine();
  assert.deepEqual(query('Visas for the applying'), [['visa'], ['appli']]);
  // Intl.Segmenter cuts a run without spaces into words; each is found by
  // its pairs of characters, which the index has wherever the text has them.
  const zh = query('签证担保');
  assert.ok(zh.every((w) => w.every((t) => [...t].length === 2 || w.length === 1)), JSON.stringify(zh));
  assert.deepEqual(zh.flat().filter((t) => t === '签证'), ['签证']);
  assert.deepEqual(query('书'), [['书']]);
});
