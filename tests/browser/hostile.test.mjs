// Hostile text in real headless Chromium: a site whose title, descriptions,
// FAQ answer (and an `&` in base_url) carry `<!--`, `<script>` and `</script>` must still
// render every page (no blank page swallowed by a derailed inline script),
// and its JSON-LD must parse in the browser.
// Run: cd tests/browser && CHROMIUM=/usr/bin/chromium SITE_ROOT=../.. node --test
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missing, launch, open, fileUrl, buildSite, withContext } from './harness.mjs';

const why = missing();
const skip = why && !process.env.CI ? why : false;

const FILES = {
  'site.yaml':
    'title: "Site <!-- </script> & more"\n' +
    'description: "Desc <!-- <script> </script>"\n' +
    'base_url: "https://example.org/a&b/"\n',
  'content/_index.md':
    '---\ntitle: "Home <!-- <script>"\ndescription: "Home </script> & <!--"\n---\nWelcome home.\n',
  'content/faq.md':
    '---\ntitle: "FAQ <!-- <script> </script>"\ndescription: "Q <!-- & A"\n---\n' +
    '## Can it break out?\n\nNo: `<!-- <script>` and `</script>` stay text.\n\n## Really?\n\nReally.\n',
};

describe('a site full of script-breaking text', { skip }, () => {
  let browser;
  let root;
  let out;

  before(async () => {
    if (why) throw new Error(`CI is set and the browser tests cannot run: ${why}`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-hostile-'));
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    out = buildSite(root);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    for (const dir of [root, out]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [rel, heading, answer] of [
    ['', 'Home <!-- <script>', null],
    ['faq/', 'FAQ <!-- <script> </script>', 'No: <!-- <script> and </script> stay text.'],
  ]) {
    test(`/${rel} renders its content and parseable JSON-LD`, async () => {
      await withContext(browser, {}, async (context) => {
        const p = await open(context, fileUrl(out, rel));
        const seen = await p.page.evaluate(() => ({
          h1: document.querySelector('h1')?.innerText,
          height: document.body.getBoundingClientRect().height,
          footer: !!document.querySelector('footer'),
          scripts: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
        }));
        assert.equal(seen.h1, heading);
        assert.ok(seen.height > 200, `the page is blank: body is ${seen.height}px high`);
        assert.ok(seen.footer, 'the footer after the JSON-LD was swallowed');
        assert.equal(seen.scripts.length, 1);
        const ld = JSON.parse(seen.scripts[0]);
        assert.equal(ld['@graph'][0].headline, heading);
        assert.ok(ld['@graph'][0].url.startsWith('https://example.org/a&b/'));
        if (answer) {
          const faq = ld['@graph'].find((g) => g['@type'] === 'FAQPage');
          assert.equal(faq.mainEntity[0].acceptedAnswer.text, answer);
          const h2 = await p.page.$$eval('.content h2', (hs) => hs.map((h) => h.firstChild.textContent.trim()));
          assert.deepEqual(h2, ['Can it break out?', 'Really?']);
        }
        p.noErrors();
      });
    });
  }
});
