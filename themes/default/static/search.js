/* stepwise search. The index (src/render/search/) is split into small
   files under search/, each a script that calls stepwiseSearch.add(key,
   data) with JSON data: from file://, where fetch fails, they load as
   scripts; over HTTP they are fetched and their JSON read, which costs
   the page less. A query loads search/meta.js, the term files its words
   fall in (search/t/<k>.js) and the fragments of the documents it ranks
   first (search/p/<n>.js); nothing else.

   Words: the rule of src/render/search/words.rs, here for the query
   and for the text of fragments: runs of letters, digits and marks, folded
   (accents of U+0300-U+036F dropped, lower case); scripts without spaces
   cut into characters and pairs of neighbours (a query word is looked up
   by its pairs; Intl.Segmenter cuts a query into words); stop words and
   single letters dropped; English stems (stem.rs, the Snowball English
   algorithm, step for step).

   Ranking: each query word matches terms of the index: its stem; if
   nothing has it, words starting with it (most often the last word,
   still being typed, whose one more term file is loaded with the first);
   or, for a word of five letters or more that matches neither, a word
   one typo away (a letter wrong, missing, extra or two
   swapped; the first two letters right). Documents score BM25F (impacts
   computed at build time, IDF here), and the more query words a document
   has, the higher it ranks. The best documents' fragments are then loaded:
   each part (the text under a heading, or a checklist item) scores by the
   query words it has, its heading counting twice, with bonuses for query
   words side by side in order and close together, and so does the title;
   documents are ranked again with these and shown once each, with their
   best parts. */
(function () {
  "use strict";

  /* ---- Words (words.rs) ------------------------------------------------ */

  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu, MARK = /\p{M}/u, NUMBER = /^\p{N}$/u;
  // Maps without a prototype: a word such as "constructor" is no key of theirs.
  var STOP = Object.create(null);
  ("a an and are as at be but by for from had has have he her his how i if in into is it its me my of on or our " +
    "she so than that the their them there these they this those to was we were what when where which who why " +
    "will with you your").split(" ").forEach(function (w) { STOP[w] = true; });

  /* Whether code point `c` is of a script written without spaces (words.rs: no_space). */
  function noSpace(c) {
    return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF) ||
      (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x3029) ||
      (c >= 0x3031 && c <= 0x3035) || (c >= 0x3038 && c <= 0x303C) || (c >= 0x3040 && c <= 0x30FF) ||
      (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x3FFFF);
  }
  function fold(run) {
    if (/^[\x00-\x7f]*$/.test(run)) return run.toLowerCase();
    return run.normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC").toLowerCase();
  }
  /* Whether a folded word is indexed (words.rs: keep). */
  function keep(w) {
    // Its length in characters: only one outside the BMP counts 2 in .length.
    var n = w.length === 2 && w.codePointAt(0) > 0xffff ? 1 : w.length;
    return n > 1 ? !STOP[w] : n === 1 && NUMBER.test(w);
  }

  /* The words of `text` with where they are: {s, e, f} for a word of a
     spaced script (folded, not stemmed), {s, e, f, cjk: true} for each
     character of a script without spaces (`p` numbers the piece it is
     part of). `s`, `e` index `text`; when folding changed a run's length,
     every piece of it spans the run. */
  function scan(text) {
    var out = [], m, piece = 0;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var run = m[0], f = fold(run), same = f.length === run.length, at = m.index;
      if (/^[\x00-\x7f]*$/.test(run)) { out.push({ s: at, e: at + run.length, f: f }); continue; }
      var word = -1, unit = -1, i = 0, inPiece = false;
      var span = function (a, b) { return same ? [at + a, at + b] : [at, at + run.length]; };
      var flushWord = function (end) {
        var r = span(word, end);
        out.push({ s: r[0], e: r[1], f: f.slice(word, end) });
        word = -1;
      };
      var flushUnit = function (end) {
        var r = span(unit, end);
        out.push({ s: r[0], e: r[1], f: f.slice(unit, end), cjk: true, p: piece });
        unit = -1;
      };
      while (i < f.length) {
        var c = f.codePointAt(i), ch = String.fromCodePoint(c);
        if (MARK.test(ch) && (word >= 0 || unit >= 0)) { i += ch.length; continue; }
        if (noSpace(c)) {
          if (word >= 0) flushWord(i);
          if (unit >= 0) flushUnit(i);
          if (!inPiece) { piece++; inPiece = true; }
          unit = i;
        } else {
          if (unit >= 0) flushUnit(i);
          inPiece = false;
          if (word < 0) word = i;
        }
        i += ch.length;
      }
      if (unit >= 0) flushUnit(f.length);
      if (word >= 0) flushWord(f.length);
    }
    return out;
  }

  /* The index terms of `text`, in order: what words.rs makes of it. */
  function indexTerms(text) {
    var out = [], toks = scan(text);
    for (var k = 0; k < toks.length; k++) {
      var t = toks[k], next = toks[k + 1];
      if (!t.cjk) {
        if (keep(t.f)) out.push(stem(t.f));
        continue;
      }
      out.push(t.f);
      if (next && next.cjk && next.p === t.p) out.push(t.f + next.f);
    }
    return out;
  }

  /* ---- Stems (stem.rs) ---------------------------------------------------- */

  var STEM_EXCEPTIONS = { skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli",
    only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos",
    bias: "bias", andes: "andes" };
  var R1_PREFIXES = ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"];
  var STEP2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
    ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", fulli: "ful",
    ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogist: "og", ogi: null,
    lessli: "less", li: null };
  var STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "",
    ative: null };
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti",
    "ous", "ive", "ize", "ion"];
  function isV(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  var stems = {};
  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(stems, word)) return stems[word];
    return (stems[word] = stemOf(word));
  }
  function stemOf(word) {
    if (!/^[a-z]+$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(STEM_EXCEPTIONS, word)) return STEM_EXCEPTIONS[word];
    if (word.length <= 2) return word;
    var b = word.split(""), i, n, x, start;
    if (b[0] === "y") b[0] = "Y";
    for (i = 1; i < b.length; i++) if (b[i] === "y" && isV(b[i - 1])) b[i] = "Y";
    function afterVC(from) {
      var k = from;
      while (k < b.length && !isV(b[k])) k++;
      k++;
      while (k < b.length && isV(b[k])) k++;
      return k < b.length ? k + 1 : b.length;
    }
    var p1 = -1, p2;
    R1_PREFIXES.forEach(function (p) { if (word.indexOf(p) === 0 && p.length > p1) p1 = p.length; });
    if (p1 < 0) p1 = afterVC(0);
    p2 = p1 < b.length ? afterVC(p1) : b.length;
    function ends(s) { return b.length >= s.length && b.slice(b.length - s.length).join("") === s; }
    function longest(list) {
      var best = null;
      list.forEach(function (s) { if (ends(s) && (!best || s.length > best.length)) best = s; });
      return best;
    }
    function replace(k, w) { b.length -= k; if (w) b.push.apply(b, w.split("")); }
    function hasV(before) { for (var k = 0; k < before; k++) if (isV(b[k])) return true; return false; }
    function shortBefore(end) {
      var c = b.slice(0, end), m = c.length;
      return (m >= 3 && !isV(c[m - 3]) && isV(c[m - 2]) && !isV(c[m - 1]) && "wxY".indexOf(c[m - 1]) < 0) ||
        (m === 2 && isV(c[0]) && !isV(c[1])) || c.slice(m - 4).join("") === "past";
    }
    // Step 1a
    x = longest(["sses", "ied", "ies", "s", "us", "ss"]);
    if (x) {
      start = b.length - x.length;
      if (x === "sses") replace(4, "ss");
      else if (x === "ied" || x === "ies") replace(3, start >= 2 ? "i" : "ie");
      else if (x === "s" && start >= 1 && hasV(start - 1)) replace(1, "");
    }
    // Step 1b
    x = longest(["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    step1b: if (x) {
      start = b.length - x.length;
      var before = b.slice(0, start).join("");
      if (x === "eed" || x === "eedly") {
        if (start >= p1 && before !== "proc" && before !== "exc" && before !== "succ") replace(x.length, "ee");
        break step1b;
      }
      if (x === "ing") {
        if (start === 2 && b[1] === "y" && !isV(b[0])) { replace(4, "ie"); break step1b; }
        if (/^(inn|out|cann|herr|earr|even)$/.test(before)) break step1b;
      }
      if (!hasV(start)) break step1b;
      b.length = start;
      if (ends("at") || ends("bl") || ends("iz")) { b.push("e"); break step1b; }
      n = b.length;
      if (n >= 2 && b[n - 1] === b[n - 2] && "bdfgmnprt".indexOf(b[n - 1]) >= 0) {
        if (!(n === 3 && "aeo".indexOf(b[0]) >= 0)) b.pop();
        break step1b;
      }
      if (n === p1 && shortBefore(n)) b.push("e");
    }
    // Step 1c
    n = b.length;
    if (n >= 3 && (b[n - 1] === "y" || b[n - 1] === "Y") && !isV(b[n - 2])) b[n - 1] = "i";
    // Step 2
    x = longest(Object.keys(STEP2));
    if (x && b.length - x.length >= p1) {
      start = b.length - x.length;
      if (STEP2[x] !== null) replace(x.length, STEP2[x]);
      else if (x === "ogi" && b[start - 1] === "l") replace(3, "og");
      else if (x === "li" && start > 0 && "cdeghkmnrt".indexOf(b[start - 1]) >= 0) replace(2, "");
    }
    // Step 3
    x = longest(Object.keys(STEP3));
    if (x && b.length - x.length >= p1) {
      if (STEP3[x] !== null) replace(x.length, STEP3[x]);
      else if (b.length - 5 >= p2) replace(5, "");
    }
    // Step 4
    x = longest(STEP4);
    if (x && b.length - x.length >= p2) {
      start = b.length - x.length;
      if (x !== "ion" || b[start - 1] === "s" || b[start - 1] === "t") b.length = start;
    }
    // Step 5
    n = b.length;
    if (b[n - 1] === "e") {
      if (n - 1 >= p2 || (n - 1 >= p1 && !shortBefore(n - 1))) b.pop();
    } else if (b[n - 1] === "l" && n - 1 >= p2 && b[n - 2] === "l") b.pop();
    return b.join("").replace(/Y/g, "y");
  }

  /* ---- The query --------------------------------------------------------- */

  /* The query's words: {f: folded word, terms: [index terms, all needed],
     cjk, last}. A word of a script without spaces is looked up by its
     pairs of neighbouring characters (or itself, when one character). */
  var segmenter = null;
  function queryWords(q) {
    var words = [], seen = Object.create(null), dropped = 0, letters = 0;
    var segs = [];
    // Intl.Segmenter is slow to make (its dictionaries load): only for
    // text of a script written without spaces, and once.
    var spaceless = Array.from(q).some(function (ch) { return noSpace(ch.codePointAt(0)); });
    if (spaceless && typeof Intl === "object" && Intl.Segmenter) {
      segmenter = segmenter || new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" });
      for (var it = segmenter.segment(q)[Symbol.iterator](), r = it.next(); !r.done; r = it.next()) {
        if (r.value.isWordLike) segs.push(r.value.segment);
      }
    } else segs = [q];
    segs.forEach(function (s) {
      var units = [];
      var flush = function () {
        if (!units.length) return;
        var f = units.join(""), terms = [];
        if (units.length === 1) terms.push(f);
        for (var k = 0; k + 1 < units.length; k++) terms.push(units[k] + units[k + 1]);
        if (!seen[f]) { seen[f] = true; words.push({ f: f, terms: terms, cjk: true, units: units }); }
        units = [];
      };
      scan(s).forEach(function (t) {
        if (t.cjk) return units.push(t.f);
        flush();
        if (!keep(t.f)) { dropped++; if (Array.from(t.f).length === 1) letters++; return; }
        if (!seen[t.f]) { seen[t.f] = true; words.push({ f: t.f, terms: [stem(t.f)] }); }
      });
      flush();
    });
    if (words.length) {
      // The last word may be half typed, unless a space follows it.
      words[words.length - 1].last = !/[\s\p{P}]$/u.test(q);
    }
    return { words: words, dropped: dropped, onlyLetters: dropped > 0 && dropped === letters };
  }

  /* Whether `a` and `b` are at most one typo apart: one letter changed,
     added or dropped, or two neighbours swapped. */
  function oneTypo(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* ---- Loading ------------------------------------------------------------ */

  var box = document.getElementById("search"), page = document.getElementById("search-page");
  var host = page || box;
  var root = (host && host.getAttribute("data-root")) || "";
  var fileMode = location.protocol === "file:" || !!(host && host.hasAttribute("data-portable"));
  var loaded = {}, waiting = {}, meta = null;

  function add(key, data) {
    loaded[key] = data;
    var w = waiting[key];
    delete waiting[key];
    if (w) w.forEach(function (f) { f[0](data); });
  }
  /* Loads search/<path> (once) and resolves with what it hands over as `key`.
     Over HTTP the file is fetched and its data read as JSON (every file is
     `stepwiseSearch.add("<key>",<JSON>);`): a fetch costs the page less
     than a script it must insert, compile and run. From file://, where
     fetch fails, it is loaded as a script. */
  var overHttp = location.protocol === "http:" || location.protocol === "https:", refused = false;
  function need(key, path) {
    if (Object.prototype.hasOwnProperty.call(loaded, key)) return Promise.resolve(loaded[key]);
    return new Promise(function (resolve, reject) {
      if (waiting[key]) return waiting[key].push([resolve, reject]);
      waiting[key] = [[resolve, reject]];
      // Over HTTP, meta.js is never taken from a cache (it is small, and
      // says which build the other files must be of), and the other files
      // carry its stamp, so a host's cache never mixes files of two builds.
      var bust = location.protocol === "file:" ? "" : "?v=" + (key === "meta" ? Date.now() : meta ? meta.stamp : "");
      var src = root + "search/" + path + bust, s = null;
      var fail = function () {
        var w = waiting[key];
        delete waiting[key];
        if (s) s.remove();
        if (w) w.forEach(function (f) { f[1](new Error(path)); });
      };
      var script = function () {
        s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onerror = fail;
        s.onload = function () { if (waiting[key]) fail(); };
        document.head.appendChild(s);
      };
      if (!overHttp || !window.fetch || refused) return script();
      var head = 'stepwiseSearch.add("' + key + '",';
      // A fetch refused outright (a host's Content-Security-Policy, say)
      // is tried again as a script, and so are the files after it; so is a
      // file whose data is not as written (a host that rewrites scripts).
      fetch(src).then(function (r) {
        if (!r.ok) return fail();
        return r.text().then(function (t) {
          var end = t.lastIndexOf(")"), data;
          try {
            if (t.indexOf(head) !== 0 || end < head.length) throw new Error(path);
            data = JSON.parse(t.slice(head.length, end));
          } catch (e) {
            return script();
          }
          add(key, data);
        });
      }, function () {
        refused = true;
        script();
      }).catch(fail);
    });
  }
  function loadMeta() {
    return need("meta", "meta.js").then(function (m) {
      if (!meta) {
        meta = m;
        meta.bounds = m.bounds ? m.bounds.split(" ") : [];
      }
      return meta;
    });
  }
  /* Whether `t`, and every term that sorts after it, is past the last
     term of the index: no file holds them. */
  function pastEnd(t) { return typeof meta.end === "string" && t > meta.end; }
  /* The term file a term is in: the last whose bound is at most the term. */
  function shardOf(t) {
    var lo = 0, hi = meta.bounds.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (meta.bounds[mid] <= t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  /* Term file `k`, parsed: {terms: [], words: [[…]], post: []} in term order. */
  var shards = {};
  function loadShard(k) {
    if (shards[k]) return Promise.resolve(shards[k]);
    return need("t" + k, "t/" + k + ".js").then(function (text) {
      if (shards[k]) return shards[k];
      var s = { terms: [], words: [], post: [] };
      (text ? text.split("|") : []).forEach(function (e) {
        var colon = e.indexOf(":"), head = e.slice(0, colon).split(" "), term = head[0];
        s.terms.push(term);
        s.words.push(head.slice(1).map(function (w) { return w.charAt(0) === "~" ? term + w.slice(1) : w; }));
        s.post.push(e.slice(colon + 1));
      });
      return (shards[k] = s);
    });
  }
  var DIGIT = new Uint8Array(128);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  /* Postings: [docs, impacts] (shards.rs). */
  var decoded = {};
  function postings(key, p) {
    if (decoded[key]) return decoded[key];
    var docs = [], imps = [], doc = -1, v = 0, shift = 0;
    for (var i = 0; i < p.length; i++) {
      var d = DIGIT[p.charCodeAt(i)];
      // Numbers stay far below 2^31: a gap of a million documents is 2^25.
      v |= (d & 31) << shift;
      shift += 5;
      if (!(d & 32)) {
        doc += (v >>> 5) + 1;
        docs.push(doc);
        imps.push((v & 31) + 1);
        v = 0;
        shift = 0;
      }
    }
    return (decoded[key] = [docs, imps]);
  }

  /* ---- Ranking ------------------------------------------------------------ */

  var PREFIX = 0.75, TYPO = 0.6, PHRASE = 2, NEAR = 0.8, HEADING = 2, TITLE_ALL = 3, COVER = 1.5, COVERAGE = 1.5;

  /* The term files a word needs: "exact", the files of its terms;
     "prefix", where words starting with it are (from its first three
     letters, as a stem may end sooner than the word), the first
     PREFIX_FILES of them on a large site, where a short start spans many
     (each file is a few KB); "typo", the files near it among those of
     words with its first two letters, at most four. None for what sorts
     after the index's last term. */
  var PREFIX_FILES = 12;
  function filesFor(w, mode) {
    var ks = {};
    if (mode === "exact") w.terms.forEach(function (t) { if (!pastEnd(t)) ks[shardOf(t)] = true; });
    else if (!pastEnd(w.f.slice(0, mode === "typo" ? 2 : 3))) {
      var from = shardOf(w.f.slice(0, mode === "typo" ? 2 : 3)), to = shardOf(w.f + "\uffff");
      if (mode === "typo") {
        var at = shardOf(w.terms[0]);
        to = shardOf(w.f.slice(0, 2) + "\uffff");
        from = Math.max(from, at - 1);
        to = Math.min(to, from + 3);
      }
      to = Math.min(to, from + PREFIX_FILES - 1);
      for (var k = from; k <= to; k++) ks[k] = true;
    }
    return Object.keys(ks).map(Number);
  }

  /* The index terms a word matches in the loaded files: [{t, key, w: weight, prefix}]. */
  function matches(w, ks, mode) {
    var found = [];
    ks.forEach(function (k) {
      var s = shards[k];
      if (!s) return;
      for (var i = 0; i < s.terms.length; i++) {
        var t = s.terms[i], hit = 0, prefix = false;
        if (w.terms.indexOf(t) >= 0) hit = 1;
        else if (mode === "prefix" && !w.cjk) {
          if (t.indexOf(w.f) === 0 || s.words[i].some(function (x) { return x.indexOf(w.f) === 0; })) { hit = PREFIX; prefix = true; }
        } else if (mode === "typo") {
          if (oneTypo(w.f, t) || s.words[i].some(function (x) { return oneTypo(w.f, x); })) hit = TYPO;
        }
        if (hit) found.push({ t: t, key: k + ":" + i, post: s.post[i], w: hit, prefix: prefix, forms: s.words[i] });
      }
    });
    return found;
  }

  /* Ranks the documents for `words` once their term files are in. Returns
     {docs: [{n, score, count}], most, words} best first, each word with
     the terms it matched (`hits`) and its IDF. */
  function rank(words) {
    var N = meta.docs, list = [], seen = new Uint8Array(N);
    // Per word, each document's best score (and, for a word looked up by
    // several pairs, the share of its pairs the document has).
    var per = words.map(function () { return new Float64Array(N); });
    var shares = words.map(function (w) { return w.cjk ? new Float64Array(N) : null; });
    words.forEach(function (w, wi) {
      var best = per[wi], has = shares[wi], share = w.cjk ? 1 / w.terms.length : 1;
      w.hits.forEach(function (h) {
        var p = postings(h.key, h.post), docs = p[0], imps = p[1], df = docs.length;
        var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        w.idf = Math.max(w.idf, idf);
        var f = idf * h.w / 31;
        for (var j = 0; j < df; j++) {
          var d = docs[j], sc = f * imps[j];
          if (!seen[d]) { seen[d] = 1; list.push(d); }
          if (has) { has[d] += share; best[d] += sc * share; } else if (sc > best[d]) best[d] = sc;
        }
      });
    });
    var most = 0, n = words.length;
    list = list.map(function (d) {
      var score = 0, count = 0;
      for (var i = 0; i < n; i++) {
        score += per[i][d];
        if (shares[i] ? shares[i][d] > 0.999 : per[i][d] > 0) count++;
      }
      if (count > most) most = count;
      return { n: d, score: score, count: count, rank: score * cover(count, n) };
    });
    // Results with most of the words still show: at least half of them, or
    // as many as the best has.
    var least = Math.min(most, Math.max(1, Math.ceil(n / 2)));
    list = list.filter(function (a) { return a.count >= least; });
    list.sort(order);
    return { docs: list, most: most };
  }
  /* How much a document keeps of its score for having `count` of `n` query
     words: all of it with every word; a document missing one word of five
     can still win by its title, headings and the words being together. */
  function cover(count, n) { return Math.pow(count / n, COVER); }
  function order(a, b) { return b.rank - a.rank || a.n - b.n; }

  /* Which query word the folded word `f` of a fragment is, if any:
     index into `words` and, if only its start matched, how much of it.
     A word is one a query word matched when it is one of the forms of the
     terms matched (`forms`): no word of a fragment is stemmed. */
  function wordOf(f, words) {
    for (var i = 0; i < words.length; i++) {
      var w = words[i], kind = w.cjk ? null : w.forms[f];
      if (!kind) continue;
      return { i: i, prefix: kind === "prefix" && f.indexOf(w.f) === 0 ? w.f.length : 0 };
    }
    return null;
  }
  /* The words a query word's terms stand for, each "exact" or "prefix":
     every word of the site that stems to one of them (the term files list
     them, but for the term itself), and the term when it is its own stem.
     Every word of a fragment is a word of the site, so a word of a
     fragment is one of these exactly when its stem is a term matched. */
  function formsOf(w) {
    var forms = Object.create(null);
    w.hits.forEach(function (h) {
      var kind = h.prefix ? "prefix" : "exact";
      if (w.cjk || stem(h.t) === h.t) forms[h.t] = kind;
      h.forms.forEach(function (f) { forms[f] = kind; });
    });
    return forms;
  }
  /* The indexed words of `text`, scanned once per text of a fragment
     however many queries look at it. */
  var scanned = new Map();
  function indexed(text) {
    var toks = scanned.get(text);
    if (!toks) {
      toks = scan(text).filter(function (t) { return t.cjk || keep(t.f); });
      if (scanned.size > 5000) scanned.clear();
      scanned.set(text, toks);
    }
    return toks;
  }
  /* Where the query's words are in `text`: {hits: [{s, e, i, at, prefix}]
     in order, n: how many words it has}; `at` counts words that are
     indexed, so "buy a ticket" has "buy" and "ticket" side by side. */
  function find(text, words) {
    if (PLAIN.test(text)) return findPlain(text, words);
    var toks = indexed(text), out = [];
    for (var k = 0; k < toks.length; k++) {
      var t = toks[k];
      if (t.cjk) {
        // A word of a script without spaces: its characters in a row.
        for (var i = 0; i < words.length; i++) {
          var u = words[i].units;
          if (!u) continue;
          var ok = true;
          for (var j = 0; j < u.length && ok; j++) ok = toks[k + j] && toks[k + j].cjk && toks[k + j].p === t.p && toks[k + j].f === u[j];
          if (ok) out.push({ s: t.s, e: toks[k + u.length - 1].e, i: i, at: k, prefix: 0 });
        }
        continue;
      }
      var m = wordOf(t.f, words);
      if (m) out.push({ s: t.s, e: t.e, i: m.i, at: k, prefix: m.prefix });
    }
    return { hits: out, n: toks.length };
  }
  /* `find` for a text of ASCII (and spaces and punctuation that are not
     letters, `PLAIN`): its words are its runs of ASCII letters and digits,
     in lower case, so they need no scan, no folding and no list kept. */
  var ASCII_WORD = /[a-z0-9]+/g;
  function findPlain(text, words) {
    var low = text.toLowerCase(), out = [], at = 0, m;
    ASCII_WORD.lastIndex = 0;
    while ((m = ASCII_WORD.exec(low))) {
      var f = m[0];
      // keep(): no stop word, no single letter.
      if (f.length === 1 ? f > "9" : STOP[f]) continue;
      var hit = wordOf(f, words);
      if (hit) out.push({ s: m.index, e: m.index + f.length, i: hit.i, at: at, prefix: hit.prefix });
      at++;
    }
    return { hits: out, n: at };
  }
  /* How well a heading, title or text answers, from where the query's
     words are in it (`f`, from `find`): each query word by its IDF, more
     for more mentions (saturating, as BM25); each pair of query words side
     by side in the query's order; all of them close together; and, for a
     heading or title, how much of it the query's words make. Words in
     `said` (those its heading has) count for how often the text says them,
     but earn no bonus for where: the heading already said what the text is
     about. */
  function score(f, words, weight, short, said) {
    var found = f.hits;
    if (!found.length) return 0;
    var tf = {}, s = 0, pairs = {}, distinct = 0, k;
    found.forEach(function (h) { tf[h.i] = (tf[h.i] || 0) + 1; });
    Object.keys(tf).forEach(function (i) { s += words[i].idf * weight * tf[i] * 2.2 / (tf[i] + 1.2); });
    if (short && f.n) s += COVERAGE * weight * Math.min(1, found.length / f.n);
    if (said) found = found.filter(function (h) { return !said[h.i]; });
    found.forEach(function (h) { if (tf[h.i] > 0) { distinct++; tf[h.i] = -1; } });
    for (k = 1; k < found.length; k++) {
      var a = found[k - 1], b = found[k];
      if (b.i === a.i + 1 && b.at - a.at === (words[a.i].units ? words[a.i].units.length : 1)) pairs[a.i] = true;
    }
    Object.keys(pairs).forEach(function (i) { s += PHRASE * weight * (words[i].idf + words[+i + 1].idf) / 2; });
    if (distinct > 1) {
      // The shortest run of words holding every query word found here.
      var best = Infinity, last = {};
      found.forEach(function (h) {
        last[h.i] = h.at;
        var ks = Object.keys(last);
        if (ks.length === distinct) {
          var lo = Infinity;
          ks.forEach(function (i) { lo = Math.min(lo, last[i]); });
          best = Math.min(best, h.at - lo + 1);
        }
      });
      s += NEAR * distinct * Math.min(1, (distinct + 2) / best);
    }
    return s;
  }

  /* A test of whether a text may have one of `words`: false only when
     none of its words is one of their forms (`formsOf`), so `find` need
     not read it. A text of ASCII (with spaces and punctuation that are
     not letters) has its words as they are, in lower case, between
     characters that are not letters or digits: one regular expression
     finds any of the forms. Other text, and words of scripts without
     spaces, are read. */
  var PLAIN = /^[\x00-\x7f\u00a0\u2000-\u206f]*$/;
  /* The most forms one expression looks for; past it (a short start on a
     large site), every text is read. */
  var MENTIONS = 5000;
  function mentions(words) {
    if (words.mentions) return words.mentions;
    var forms = Object.create(null), cjk = words.some(function (w) { return w.cjk; });
    words.forEach(function (w) { for (var f in w.forms) forms[f] = true; });
    var list = Object.keys(forms).map(function (f) { return f.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"); });
    var re = null, all = cjk || list.length > MENTIONS;
    if (!all && list.length) {
      try {
        re = new RegExp("(?:^|[^a-z0-9])(?:" + list.join("|") + ")(?![a-z0-9])");
      } catch (e) {
        all = true;
      }
    }
    return (words.mentions = function (text) {
      return all || !PLAIN.test(text) || (!!re && re.test(text.toLowerCase()));
    });
  }
  var NONE = { hits: [], n: 0 };

  /* A document's fragment ranked: its parts in order of how well they
     answer, and its rank again with its title and best part. */
  function judge(doc, frag, words) {
    var title = find(frag[0], words), parts = [], may = mentions(words);
    frag[3].forEach(function (p, k) {
      var h = find(p[0], words), x = may(p[2]) ? find(p[2], words) : NONE, said = {};
      h.hits.forEach(function (f) { said[f.i] = true; });
      var s = score(h, words, HEADING, true) + score(x, words, 1, false, said);
      if (h.hits.length || x.hits.length) parts.push({ k: k, heading: p[0], id: p[1], text: p[2], h: h.hits, x: x.hits, s: s });
    });
    parts.sort(function (a, b) { return b.s - a.s || a.k - b.k; });
    // A checklist's title repeats its page's: there, only "checklist" counts.
    if (frag[4]) title = { hits: title.hits.filter(function (f) { return words[f.i].checklist; }), n: title.n, all: title.hits };
    var titleWords = {};
    title.hits.forEach(function (f) { titleWords[f.i] = true; });
    // The title, and the part that answers best, count again in full.
    var bonus = score(title, words, 1, true) + (parts.length ? parts[0].s : 0);
    if (Object.keys(titleWords).length === words.length) bonus += TITLE_ALL;
    doc.frag = frag;
    doc.title = title.all || title.hits;
    doc.parts = parts;
    doc.rank = (doc.score + bonus) * cover(doc.count, words.length);
  }

  /* ---- Running a query ---------------------------------------------------- */

  /* Thrown when a newer query has started. */
  var STALE = {};

  /* Ranks `q` and loads the fragments of the first `shown` documents;
     resolves with {docs, most, words, status} or null if `still()` turns
     false on the way (a newer query). */
  function run(q, shown, still) {
    var parsed = queryWords(q), words = parsed.words;
    var len = function (w) { return Array.from(w.f).length; };
    if (!words.length) {
      return Promise.resolve({ docs: [], words: words, status: !q.trim() ? "" :
        parsed.onlyLetters ? "Type at least two letters" : "Those words are too common to search for" });
    }
    /* Loads the files `mode` needs for the words `which` keeps, then
       looks each of those words up in them. */
    function stage(mode, which) {
      var todo = words.filter(which), files = {};
      todo.forEach(function (w) { w.files = filesFor(w, mode); w.files.forEach(function (k) { files[k] = true; }); });
      if (mode === "exact") {
        // A word still being typed ("rad") is most often the start of
        // others: the one more term file that looking for those would need
        // comes now, not a round trip later.
        todo.forEach(function (w) {
          if (!w.last || w.cjk || len(w) < 2) return;
          var extra = filesFor(w, "prefix").filter(function (k) { return !files[k]; });
          if (extra.length === 1) files[extra[0]] = true;
        });
      }
      return Promise.all(Object.keys(files).map(function (k) { return loadShard(+k); })).then(function () {
        if (!still()) throw STALE;
        todo.forEach(function (w) { w.hits = matches(w, w.files, mode); });
      });
    }
    return loadMeta().then(function () {
      return stage("exact", function () { return true; });
    }).then(function () {
      // Words nothing has: words that start with them ("lett", "rad")...
      return stage("prefix", function (w) { return !w.hits.length && !w.cjk && len(w) >= 2; });
    }).then(function () {
      // ... or one typo away.
      return stage("typo", function (w) { return !w.hits.length && !w.cjk && len(w) >= 5; });
    }).then(function () {
      if (!still()) return null;
      words.forEach(function (w) {
        w.forms = formsOf(w);
        w.checklist = w.hits.some(function (h) { return h.t === "checklist"; });
        w.idf = 0;
      });
      var ranked = rank(words);
      ranked.words = words;
      return more(ranked, shown, still);
    }).catch(function (e) {
      if (e === STALE) return null;
      throw e;
    });
  }
  /* Loads the fragments of the next documents until `shown` are judged,
     and ranks those again. */
  function more(ranked, shown, still) {
    var upto = Math.min(shown, ranked.docs.length), from = ranked.judged || 0;
    var batch = ranked.docs.slice(from, upto);
    return Promise.all(batch.map(function (d) {
      return need("p" + d.n, "p/" + d.n + ".js").then(function (frag) { judge(d, frag, ranked.words); }, function () {
        d.frag = null;
      });
    })).then(function () {
      if (!still()) return null;
      // Judged documents are ranked again among themselves; those below stay in place.
      var head = batch.filter(function (d) { return d.frag; });
      head.sort(order);
      ranked.docs = ranked.docs.slice(0, from).concat(head, ranked.docs.slice(upto));
      ranked.judged = from + head.length;
      return ranked;
    });
  }

  /* ---- Showing results ---------------------------------------------------- */

  var SNIPPET = 160;

  var ENTITY = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
  function esc(t) {
    return t.replace(/[&<>"]/g, function (c) { return ENTITY[c]; });
  }
  /* `text` from `from` to `to` with the matches in `found` marked: whole
     words, or the start a half-typed word matched. */
  function mark(text, found, from, to) {
    var html = "", at = from;
    found.forEach(function (f) {
      if (f.s < at || f.e > to) return;
      var end = f.prefix ? Math.min(f.e, f.s + f.prefix) : f.e;
      html += esc(text.slice(at, f.s)) + "<mark>" + esc(text.slice(f.s, end)) + "</mark>";
      at = end;
    });
    return html + esc(text.slice(at, to));
  }
  /* About SNIPPET characters of `text` around where most of the query's
     words are, cut at spaces, marked. */
  function snippet(text, found) {
    if (text.length <= SNIPPET) return mark(text, found, 0, text.length);
    var start = 0, best = -1;
    for (var i = 0; i < found.length; i++) {
      var seen = {}, n = 0;
      for (var j = i; j < found.length && found[j].e - found[i].s <= SNIPPET - 40; j++) {
        if (!seen[found[j].i]) { seen[found[j].i] = true; n++; }
      }
      if (n > best) { best = n; start = found[i].s; }
    }
    // Centre the words found: as much before them as after, within reason.
    var span = best > 0 ? found.filter(function (f) { return f.s >= start && f.e - start <= SNIPPET - 40; }) : [];
    var end = span.length ? span[span.length - 1].e : start;
    start = Math.max(0, start - Math.max(20, Math.floor((SNIPPET - (end - start)) / 2)));
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space < 0 || space - start > 20 ? start : space + 1;
    }
    end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + SNIPPET / 2) end = cut;
    }
    return (start > 0 ? "… " : "") + mark(text, found, start, end) + (end < text.length ? " …" : "");
  }
  function href(u) {
    var i = u.indexOf("#"), p = i < 0 ? u : u.slice(0, i), f = i < 0 ? "" : u.slice(i);
    if (fileMode && (p === "" || p.slice(-1) === "/")) p += "index.html";
    return (root + p || "./") + f;
  }
  /* The results page for `q`. */
  function pageHref(q) {
    return root + "search/" + (fileMode ? "index.html" : "") + "?q=" + encodeURIComponent(q);
  }

  /* One document's result: its title once, its best `most` parts below. */
  function item(d, most) {
    var frag = d.frag, li = document.createElement("li");
    li.className = "search-result";
    var html = '<a class="search-title" href="' + esc(href(frag[1])) + '">' + mark(frag[0], d.title, 0, frag[0].length) + "</a>";
    var parts = d.parts.slice(0, most), sub = "";
    parts.forEach(function (p) {
      var text = p.x.length ? snippet(p.text, p.x) : "";
      if (!p.heading && !p.id) {
        // The top of the page: its snippet goes under the title.
        if (text) html += '<p class="search-snippet">' + text + "</p>";
        return;
      }
      if (!text && p.text) text = snippet(p.text, []);
      // A part without a heading (a glossary term) is named by its text.
      var label = p.heading ? mark(p.heading, p.h, 0, p.heading.length) : text;
      if (!p.heading) text = "";
      sub += '<li><a href="' + esc(href(frag[1] + "#" + p.id)) + '"><span class="search-heading">' + label + "</span>" +
        (text ? '<span class="search-snippet">' + text + "</span>" : "") + "</a></li>";
    });
    if (!parts.length) {
      // Found by its title or kind: its description, or how it starts.
      var start = frag[2] || (frag[3][0] && frag[3][0][2]) || "";
      if (start) html += '<p class="search-snippet">' + snippet(start, []) + "</p>";
    }
    if (sub) html += '<ul class="search-parts">' + sub + "</ul>";
    li.innerHTML = html;
    return li;
  }
  function statusText(r) {
    var n = r.docs.length;
    if (!n) return "No results";
    var count = n + (n === 1 ? " result" : " results");
    return r.most === r.words.length ? count : "No result has every word; closest: " + count;
  }

  /* The form, box and results of `el` (the header's box or the results
     page), the form shown and what stands in for it without JavaScript
     hidden. */
  function setUp(el) {
    var form = el.querySelector("form"), nojs = el.querySelector(".search-nojs");
    form.hidden = false;
    if (nojs) nojs.hidden = true;
    return { form: form, input: el.querySelector("input"), out: el.querySelector(".search-results") };
  }
  /* Says in `out` that the index could not be loaded. */
  function failed(out, role) {
    out.removeAttribute("aria-busy");
    out.innerHTML = '<p class="search-status"' + role + ">The search index could not be loaded.</p>";
  }

  /* ---- The box in the header ---------------------------------------------- */

  var SHOWN = 5;

  function dropdown() {
    var ui = setUp(box), form = ui.form, input = ui.input, out = ui.out;
    var current = 0;
    function search() {
      var q = input.value, mine = ++current;
      out.setAttribute("aria-busy", "true");
      run(q, SHOWN, function () { return mine === current; }).then(function (r) {
        if (!r || mine !== current) return;
        out.innerHTML = "";
        out.removeAttribute("aria-busy");
        if (!r.words.length) {
          if (r.status) out.innerHTML = '<p class="search-status">' + esc(r.status) + "</p>";
          return;
        }
        var status = document.createElement("p");
        status.className = "search-status";
        status.textContent = statusText(r);
        out.appendChild(status);
        if (!r.docs.length) return;
        var ol = document.createElement("ol");
        r.docs.slice(0, SHOWN).forEach(function (d) { if (d.frag) ol.appendChild(item(d, 2)); });
        out.appendChild(ol);
        var all = document.createElement("p");
        all.className = "search-all";
        all.innerHTML = '<a href="' + esc(pageHref(q)) + '">' + (r.docs.length > SHOWN ? "All " + r.docs.length + " results" : "Open these results on their own page") + "</a>";
        out.appendChild(all);
      }, function () {
        if (mine === current) failed(out, "");
      });
    }
    function links() { return [].slice.call(out.querySelectorAll("a")); }
    function move(by) {
      var ls = links(), i = ls.indexOf(document.activeElement);
      if (!ls.length) return;
      if (i + by < 0) return input.focus();
      ls[Math.min(ls.length - 1, i + by)].focus();
    }
    /* Closes the results, and drops a query still running. */
    function close() { current++; out.innerHTML = ""; out.removeAttribute("aria-busy"); }
    function clear() { input.value = ""; close(); input.focus(); }
    input.addEventListener("input", search);
    // Start loading what every query needs as soon as the reader heads for the box.
    input.addEventListener("focus", function () { loadMeta().catch(function () {}); });
    form.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); clear(); }
      else if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
      else if (ev.key === "ArrowUp" && ev.target !== input) { ev.preventDefault(); move(-1); }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (input.value.trim()) location.href = pageHref(input.value.trim());
    });
    document.addEventListener("keydown", function (ev) {
      var t = ev.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); input.focus(); }
    });
    /* A click elsewhere closes the results. */
    document.addEventListener("click", function (ev) {
      if (!box.contains(ev.target)) close();
    });
  }

  /* ---- The results page (search/?q=…) ------------------------------------- */

  var PAGE = 10;

  function resultsPage() {
    var ui = setUp(page), form = ui.form, input = ui.input, out = ui.out;
    var current = 0;
    function show(r, q) {
      // The tab says what was searched for, whatever was found.
      document.title = document.title.replace(/^[^·]*·/, (q.trim() ? "Search: " + q : "Search") + " ·");
      out.innerHTML = "";
      out.removeAttribute("aria-busy");
      var status = document.createElement("p");
      status.className = "search-status";
      status.setAttribute("role", "status");
      status.textContent = r.words.length ? statusText(r) : r.status;
      if (status.textContent) out.appendChild(status);
      if (!r.docs.length) return;
      var ol = document.createElement("ol");
      ol.className = "search-list";
      out.appendChild(ol);
      var shown = 0;
      function append(upto) {
        r.docs.slice(shown, upto).forEach(function (d) { if (d.frag) ol.appendChild(item(d, 3)); });
        shown = upto;
        var button = out.querySelector(".search-more");
        if (button) button.remove();
        if (shown < r.docs.length) {
          button = document.createElement("button");
          button.type = "button";
          button.className = "search-more";
          button.textContent = "More results";
          button.addEventListener("click", function () {
            var mine = current, next = Math.min(r.docs.length, shown + PAGE);
            button.disabled = true;
            more(r, next, function () { return mine === current; }).then(function (again) {
              if (!again) return;
              var first = ol.children.length;
              append(next);
              var a = ol.children[first] && ol.children[first].querySelector("a");
              if (a) a.focus();
            });
          });
          out.appendChild(button);
        }
      }
      append(Math.min(PAGE, r.docs.length));
    }
    function search(push) {
      var q = input.value, mine = ++current;
      if (push) {
        var url = location.pathname + (q.trim() ? "?q=" + encodeURIComponent(q) : "");
        history.replaceState(null, "", url);
      }
      out.setAttribute("aria-busy", "true");
      var still = function () { return mine === current; };
      // Ranked again in fives, as the box ranks its five: the first five
      // here are the box's.
      run(q, SHOWN, still).then(function (r) { return r && more(r, PAGE, still); }).then(function (r) {
        if (r && mine === current) show(r, q);
      }, function () {
        if (mine === current) failed(out, ' role="status"');
      });
    }
    input.addEventListener("input", function () { search(true); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); search(true); });
    form.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); input.value = ""; search(true); }
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      search(false);
    }
  }

  window.stepwiseSearch = {
    add: add,
    /* For tests: the same words and stems the index was built with. */
    stem: stem,
    scan: scan,
    terms: indexTerms,
    query: function (q) { return queryWords(q).words.map(function (w) { return w.terms; }); },
  };
  if (page) resultsPage();
  else if (box) dropdown();
})();
