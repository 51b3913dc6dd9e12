/* plansite search: the header box on every page and the search page tim-kiem/?q=…
 *
 * 1. Document numbers first. The query's lookup key comes from lookup.js's queryKey (the
 *    same steps as plansite.core.lookup.query_key, one copy for the whole site, with the site's
 *    one fold); the table of spellings is the one plansite.core.lookup builds, cut into shards by
 *    the key's last digits (plansite.site.search.shard_of; how many, the form's
 *    data-shard-digits), so only one small shard is fetched.
 * 2. Then Pagefind's results (indexes built by plansite/search.py): the summary index
 *    (titles, cards, summaries, milestones) first; the full text of the plans, in parts, when
 *    the summary's results do not fill the first page or when the visitor asks for more.
 *    Pagefind matches words whatever their tones; plansite ranks, inside Pagefind's order:
 *    the phrase with the tones typed, the phrase with any tones, all words with the tones
 *    typed, the rest. Adjacency comes from the word positions Pagefind gives for every
 *    result; the results shown are checked again against their text.
 * 3. Pagefind does not fold đ: the index writes it as another letter that it folds to d (the
 *    form's data-index-letters, from plansite.site.search.INDEX_LETTERS), and so does the query
 *    here; text shown turns it back into đ. Each indexed text ends with its words folded
 *    (plansite.site.search._folded_words), after the form's data-folded-mark: text shown stops
 *    there.
 * 4. The filters of the search page are Pagefind's filters, named by the form's data-filters
 *    (plansite.site.search.SEARCH_FILTERS); the fields a result shows (number, date, kind,
 *    issuer, place) by the form's data-fields (plansite.site.search.SEARCH_FIELDS).
 * Every request goes to this site. Nothing here reads a global that the page's elements
 * could provide (an element with an id is a property of window): lookup.js's functions come
 * under a symbol; window.plansiteSearch is set for tests and the console, never read. */
(function () {
  "use strict";
  var DONE = Symbol.for("plansite.search");
  var shared = window[Symbol.for("plansite.text")];  // lookup.js, loaded first
  if (window[DONE] || !shared) { return; }
  Object.defineProperty(window, DONE, { value: true });
  var fold = shared.fold;
  var queryKey = shared.queryKey;
  var own = shared.own;
  var PAGE_SIZE = 10;
  var BOX_SIZE = 8;
  /* Results read (their text loaded) for one page of results before those where a word of
   * the query only starts a longer word are shown anyway. Those the index shows with every
   * word whole (wholeIds) are read first, so a page seldom reads more than it lists. */
  var MAX_READ = 40;
  /* The filter names, the names of the fields by role and the digits of a shard (set from
   * the form by configure). */
  var FILTERS = [];
  var FIELDS = {};
  var SHARD_DIGITS = 2;
  /* Pagefind's ranking weights (https://pagefind.app/docs/ranking/). pageLength 0.3 instead
   * of 0.75: a page that names a place or a phrase many times ranks above a short one that
   * names it once. (A directive's card also counts half: data-pagefind-weight="0.5" in
   * plansite/directive.html, so the plans come before the documents they carry out.) */
  var RANKING = { pageLength: 0.3 };

  /* -- text ---------------------------------------------------------------------------- */

  /* How the index writes text (set from the form by configure): letters written otherwise
   * (đ -> ď) and their way back, and the mark before the folded words at the end. */
  var toIndex = String;
  var showLetters = String;
  var MARK = "";
  function swapper(map) {
    var letters = Object.keys(map).join("");
    if (!letters) { return String; }
    var pattern = new RegExp("[" + letters + "]", "g");
    return function (text) { return text.replace(pattern, function (c) { return map[c]; }); };
  }
  function configure(form) {
    var letters = JSON.parse(form.getAttribute("data-index-letters") || "{}");
    var shown = {};
    Object.keys(letters).forEach(function (letter) { shown[letters[letter]] = letter; });
    toIndex = swapper(letters);
    showLetters = swapper(shown);
    MARK = form.getAttribute("data-folded-mark") || "";
    FILTERS = JSON.parse(form.getAttribute("data-filters") || "[]");
    FIELDS = JSON.parse(form.getAttribute("data-fields") || "{}");
    SHARD_DIGITS = parseInt(form.getAttribute("data-shard-digits"), 10) || SHARD_DIGITS;
  }
  /* Indexed text up to the folded words. */
  function beforeMark(text) {
    var end = MARK ? text.indexOf(MARK) : -1;
    return end < 0 ? text : text.slice(0, end);
  }
  /* Indexed text as shown: up to the folded words, with its letters back. */
  function fromIndex(text) { return showLetters(beforeMark(text)).trim(); }
  /* The words of a text, lower case, NFC: "Hà Tĩnh, 2020" -> ["hà", "tĩnh", "2020"]. */
  function words(text) { return text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || []; }

  /* Whether `positions` (word positions on a page) hold n consecutive ones. */
  function hasRun(positions, n) {
    if (n < 2 || !positions) { return false; }
    var seen = {};
    positions.forEach(function (p) { seen[p] = true; });
    return positions.some(function (p) {
      for (var k = 1; k < n; k++) { if (!seen[p + k]) { return false; } }
      return true;
    });
  }

  /* The rank tier of a page for the query, from its text (and the fields shown with it):
   * -1 if a word of the query stands nowhere in it, not even as the start of a word (such a
   * page is not shown); 0 or 1 if some word only starts a longer one ("so" in "sớm");
   * 4 and more if every word stands whole, folded ("so" is "số", "sổ" or "sơ"), and then
   * +2 for the phrase, +1 with the tones typed. */
  var WHOLE = 4;
  function textTier(text, query) {
    var list = words(text);
    var have = " " + list.join(" ") + " ";
    var folded = fold(have);
    var starts = " " + folded.trim().split(" ").join(" ");
    var whole = true;
    for (var i = 0; i < query.terms.length; i++) {
      var t = " " + fold(query.terms[i]);
      if (folded.indexOf(t + " ") >= 0) { continue; }
      whole = false;
      if (starts.indexOf(t) < 0) { return -1; }
    }
    var want = " " + query.terms.join(" ") + " ";
    var phrase = whole && query.terms.length > 1 && folded.indexOf(fold(want)) >= 0;
    var exact = whole && query.toned && (phrase ? have.indexOf(want) >= 0 : query.terms.every(function (t) {
      return have.indexOf(" " + t + " ") >= 0;
    }));
    return (whole ? WHOLE : 0) + (phrase ? 2 : 0) + (exact ? 1 : 0);
  }

  /* Whether a query with a digit (a document number: "33 ctr tu", "33-CTr/TU") stands, its
   * words together, in ``text``: a page's title, own number and the numbers of what it
   * carries out (the summary index's metadata). Such a page ranks first (NUMBER_FIRST). */
  var NUMBER_FIRST = 8;
  function numberIn(text, query) {
    if (!query.terms.some(function (t) { return /[0-9]/.test(t); })) { return false; }
    var have = " " + fold(words(text).join(" ")) + " ";
    return have.indexOf(" " + fold(query.terms.join(" ")) + " ") >= 0;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  /* An excerpt around the first place where a page holds the query's words together and in
   * order, their positions among ``positions`` (the word positions Pagefind gives for a
   * result), or null. Pagefind's own excerpt goes where its matches weigh most, often a
   * heading with a word that only starts like one of them ("triệt" for "trị"). */
  function phraseExcerpt(content, positions, terms) {
    var n = terms.length;
    if (n < 2 || !positions || !positions.length) { return null; }
    var words = beforeMark(content).split(" ");
    var want = terms.map(fold);
    var seen = {};
    positions.forEach(function (p) { seen[p] = true; });
    var starts = positions.slice().sort(function (a, b) { return a - b; });
    for (var i = 0; i < starts.length; i++) {
      var at = starts[i];
      var k = 0;
      while (k < n && seen[at + k] && at + k < words.length &&
             fold(words[at + k].replace(/[^\p{L}\p{N}]/gu, "")) === want[k]) { k++; }
      if (k === n) {
        var from = Math.max(0, at - 12);
        var to = Math.min(words.length, at + n + 18);
        var shown = [];
        for (var j = from; j < to; j++) {
          var word = escapeHtml(showLetters(words[j]));
          shown.push(j >= at && j < at + n ? "<mark>" + word + "</mark>" : word);
        }
        return (from > 0 ? "… " : "") + shown.join(" ") + (to < words.length ? " …" : "");
      }
    }
    return null;
  }

  /* Pagefind's excerpt with its marks kept only on words that are, folded, a word of the
   * query (it also marks words the query only starts: "sơ" for "so" in "sơ kết" is kept,
   * "sớm" is not); with no word whole, its marks stay. */
  function wholeMarks(html, query) {
    var want = {};
    query.terms.forEach(function (t) { want[fold(t)] = true; });
    var kept = 0;
    var out = html.replace(/<mark>([^<]*)<\/mark>/g, function (all, word) {
      var key = fold(words(word).join(" "));
      if (want[key]) { kept += 1; return all; }
      return word;
    });
    return kept ? out : html;
  }

  /* -- the engine: numbers, then Pagefind --------------------------------------------- */

  /* The shard of a lookup key, as plansite.site.search.shard_of: its last SHARD_DIGITS digits
   * without leading zeros ("ketluan21" -> "21"), or null for a key without digits. */
  function shardOf(key) {
    var digits = key.replace(/[^0-9]/g, "");
    return digits ? String(parseInt(digits.slice(-SHARD_DIGITS), 10)) : null;
  }

  function Engine(form) {
    this.pagefindUrl = new URL(form.getAttribute("data-pagefind"), document.baseURI).href;
    this.fullTextUrl = new URL(form.getAttribute("data-full-text"), document.baseURI).href;
    this.numbersUrl = new URL(form.getAttribute("data-numbers"), document.baseURI).href;
    this.root = new URL(form.getAttribute("data-root"), document.baseURI);
    this.shards = {};
    this.queue = Promise.resolve();
    this.pf = null;
    this.full = null;
    shareWasm(new URL(".", this.pagefindUrl).href, this.fullTextUrl);
  }

  /* One download of Pagefind's WebAssembly per page. Each index is a Pagefind bundle of its
   * own and its instance fetches the bundle's wasm.<language>.pagefind; the build keeps that
   * file in the summary bundle only (plansite.site.search.SearchIndexer.write, which checks
   * the parts' copies are the same bytes), so a request for it under the full-text folder is
   * answered with the summary bundle's file, fetched once. Other requests pass untouched. */
  function shareWasm(summaryUrl, fullTextUrl) {
    var realFetch = window.fetch;
    var wasm = /(?:^|\/)(wasm\.[^\/?#]+\.pagefind)(?:[?#].*)?$/;
    var loaded = {};
    window.fetch = function (input, init) {
      var url = typeof input === "string" ? new URL(input, document.baseURI).href : "";
      var m = url && (url.indexOf(summaryUrl) === 0 || url.indexOf(fullTextUrl) === 0) &&
        wasm.exec(url);
      if (!m) { return realFetch.apply(this, arguments); }
      var name = m[1];
      if (!loaded[name]) {
        loaded[name] = realFetch.call(window, summaryUrl + name).then(function (r) {
          if (!r.ok) { throw new Error("HTTP " + r.status); }
          return r.arrayBuffer();
        });
        loaded[name].catch(function () { delete loaded[name]; });
      }
      return loaded[name].then(function (bytes) {
        return new Response(bytes.slice(0), { status: 200 });
      });
    };
  }

  /* The summary index: Pagefind's module and its default instance. */
  Engine.prototype.pagefind = function () {
    var root = this.root;
    if (!this.pf) {
      this.pf = import(this.pagefindUrl).then(function (pf) {
        // noWorker: searching in the page saves the worker script (about 40 KB) and its start.
        return pf.options({ baseUrl: root.pathname, ranking: RANKING, noWorker: true })
          .then(function () { return pf; });
      });
    }
    return this.pf;
  };

  /* The full-text index: an instance of its own over the parts listed in parts.json, or
   * null if the site has none. */
  Engine.prototype.fullText = function () {
    var self = this;
    if (!this.full) {
      this.full = Promise.all([
        this.pagefind(),
        fetch(this.fullTextUrl + "parts.json").then(function (r) { return r.ok ? r.json() : []; })
      ]).then(function (both) {
        var parts = both[1].map(function (part) { return new URL(part, self.fullTextUrl).pathname; });
        if (!parts.length) { return null; }
        var instance = both[0].createInstance({ basePath: parts[0], noWorker: true });
        return instance.options({ baseUrl: self.root.pathname, ranking: RANKING }).then(function () {
          return parts.slice(1).reduce(function (done, part) {
            return done.then(function () { return instance.mergeIndex(part); });
          }, Promise.resolve());
        }).then(function () { return instance; });
      }).catch(function () { return null; });
    }
    return this.full;
  };

  /* Directive pages whose number the query spells, from the shard of its key. */
  Engine.prototype.numbers = function (text) {
    var key = queryKey(text);
    var shard = shardOf(key);
    if (shard === null) { return Promise.resolve([]); }
    if (!this.shards[shard]) {
      this.shards[shard] = fetch(this.numbersUrl + shard + ".json")
        .then(function (r) { return r.ok ? r.json() : { keys: {}, docs: {} }; })
        .catch(function () { return { keys: {}, docs: {} }; });
    }
    var root = this.root;
    return this.shards[shard].then(function (table) {
      return (own(table.keys, key) || []).map(function (url) {
        var doc = own(table.docs, url) || {};
        return {
          url: new URL(url, root).href, title: doc.title || url, number: doc[FIELDS.number],
          date: doc[FIELDS.date], issuer: doc[FIELDS.issuer], kind: doc[FIELDS.kind], byNumber: true
        };
      });
    });
  };

  /* The results of one Pagefind index (``which`` gives the instance, or null), ranked by
   * tier (see textTier) estimated from word positions. */
  Engine.prototype.ranked = function (which, text, filters) {
    var self = this;
    var terms = words(text);
    var query = { terms: terms, toned: terms.length > 0 && fold(terms.join(" ")) !== terms.join(" ") };
    var term = terms.length ? toIndex(terms.join(" ")) : null;
    var active = FILTERS.some(function (f) { return filters && filters[f]; });
    if (term === null && !active) { return Promise.resolve({ query: query, results: [] }); }
    var options = { filters: {} };
    FILTERS.forEach(function (f) { if (filters && filters[f]) { options.filters[f] = filters[f]; } });
    // One search at a time: the exact-tone pass switches a Pagefind option on and off.
    var job = this.queue.then(function () {
      return which.call(self).then(function (pf) {
        if (!pf) { return [[], {}, null]; }
        return pf.search(term, options).then(function (found) {
          var results = (found && found.results) || [];
          if (!results.length) { return [results, {}, null]; }
          return wholeIds(pf, terms, options).then(function (whole) {
            if (!query.toned) { return [results, {}, whole]; }
            return pf.options({ exactDiacritics: true })
              .then(function () { return pf.search(term, options); })
              .then(function (exact) {
                var ids = {};
                ((exact && exact.results) || []).forEach(function (r) { ids[r.id] = true; });
                return pf.options({ exactDiacritics: false }).then(function () {
                  return [results, ids, whole];
                });
              });
          });
        });
      });
    }).then(function (found) {
      var results = found[0];
      var whole = found[2];
      results.forEach(function (r, i) {
        r.plansiteOrder = i;
        // Until its text is read (load), a result the index shows with every word whole is
        // taken to hold them; any other one is read after those (its text decides).
        r.plansiteTier = !whole || whole(r.id)
          ? WHOLE + (hasRun(r.words, terms.length) ? 2 : 0) + (found[1][r.id] ? 1 : 0)
          : 1;
      });
      results.sort(byTier);
      return { query: query, results: results };
    });
    this.queue = job.catch(function () { /* the next search starts afresh */ });
    return job;
  };

  /* Which results hold every word of the query whole (folded), from the index alone: a
   * Pagefind search of a word in quotes finds the pages where it stands whole, folded (the
   * index holds each word of a text also folded, plansite.site.search._folded_words), and
   * reads the same index chunks as the search of the query, so nothing more is downloaded.
   * Returns a test of a result's id, or null. A word that stands only in a result's
   * metadata (the "ĐU" of its number 129-KH/ĐU) is not whole there: such a result is read
   * after those that hold the word in their text, and its text (load) decides. */
  function wholeIds(pf, terms, options) {
    // A query with a digit (a document number) may stand in the numbers the results carry
    // (their metadata, not all in the indexed words): their texts decide (numberIn).
    if (!terms.length || terms.some(function (t) { return /[0-9]/.test(t); })) {
      return Promise.resolve(null);
    }
    return Promise.all(terms.map(function (t) {
      return pf.search('"' + toIndex(t) + '"', options).then(function (found) {
        var ids = {};
        ((found && found.results) || []).forEach(function (r) { ids[r.id] = true; });
        return ids;
      });
    })).then(function (sets) {
      return function (id) { return sets.every(function (ids) { return ids[id] === true; }); };
    });
  }

  function byTier(a, b) { return b.plansiteTier - a.plansiteTier || a.plansiteOrder - b.plansiteOrder; }

  /* Load a Pagefind result for display; its tier is checked again against its text. */
  function load(r, query) {
    return r.data().then(function (data) {
      var meta = data.meta || {};
      if (query.terms.length) {
        var named = [meta.title || "", meta[FIELDS.number] || "", meta[FIELDS.implements] || ""];
        var said = named.concat([data.content || ""]);
        r.plansiteTier = textTier(said.map(fromIndex).join(" "), query) +
          (numberIn(named.map(fromIndex).join(" ; "), query) ? NUMBER_FIRST : 0);
      }
      var filters = data.filters || {};
      var first = function (name) { return (filters[name] || [])[0] || ""; };
      var place = first(FIELDS.place);
      var issuer = first(FIELDS.issuer);
      return {
        url: data.url, title: fromIndex(meta.title || data.url), number: meta[FIELDS.number],
        date: meta[FIELDS.date], kind: first(FIELDS.kind),
        issuer: issuer && place ? issuer + " (" + place + ")" : issuer || place,
        excerpt: phraseExcerpt(data.content || "", r.words, query.terms) ||
          wholeMarks(fromIndex(data.excerpt || ""), query)
      };
    });
  }

  /* -- display ----------------------------------------------------------------------- */

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }
  function metaLine(item) {
    return [
      item.kind, item.number ? "Số " + item.number : "Không ghi số hiệu", item.date, item.issuer
    ].filter(Boolean).join(" · ");
  }
  function quote(text) { return "“" + text + "”"; }

  function pageItem(item) {
    var li = el("li", "plansite-hit" + (item.byNumber ? " plansite-hit--number" : ""));
    var a = el("a", "plansite-hit__link");
    a.href = item.url;
    a.appendChild(el("span", "plansite-hit__title", item.title));
    a.appendChild(el("span", "plansite-hit__meta", metaLine(item)));
    li.appendChild(a);
    if (item.byNumber) { li.appendChild(el("span", "plansite-hit__badge", "Đúng số hiệu")); }
    if (item.excerpt) {
      var p = el("p", "plansite-hit__excerpt");
      p.innerHTML = item.excerpt;  // escaped text with <mark> only (Pagefind or phraseExcerpt)
      li.appendChild(p);
    }
    return li;
  }

  function boxItem(item) {
    var li = el("li", "md-search-result__item");
    var a = el("a", "md-search-result__link");
    a.href = item.url;
    a.tabIndex = -1;
    var article = el("article", "md-search-result__article md-typeset plansite-box-hit");
    article.appendChild(el("h1", null, item.title));
    article.appendChild(el("p", "plansite-hit__meta", metaLine(item)));
    if (item.excerpt) {
      var p = el("p", "plansite-hit__excerpt");
      p.innerHTML = item.excerpt;
      article.appendChild(p);
    }
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  /* A search: number hits, then the results of the summary index and, when those do not
   * fill the first page or when asked for more, of the full text, merged by tier (the
   * summary's first within a tier) and loaded batch by batch. */
  function Search(engine, text, filters) {
    this.engine = engine;
    this.text = text;
    this.filters = filters;
    this.shown = {};
    this.filtered = FILTERS.some(function (f) { return filters && filters[f]; });
    this.pending = [];
    this.counts = [0, 0];
    this.weak = [];  // loaded results where a word only starts a longer one (see more)
    this.seen = 0;
    this.strong = 0;  // results read that hold every word whole
    this.listed = [0, 0];  // results listed so far from each index (the counts shown)
    this.error = null;
    this.fullTextSearched = false;
    this.done = Promise.all([
      engine.numbers(text),
      engine.ranked(engine.pagefind, text, filters).catch(function (error) {
        return { error: error, results: [] };
      })
    ]);
  }
  Search.prototype.add = function (found, list) {
    this.counts[list] = found.results.length;
    this.pending = this.pending.concat(found.results.map(function (r) {
      return { result: r, query: found.query, list: list };
    }));
    this.pending.sort(function (a, b) {
      return b.result.plansiteTier - a.result.plansiteTier || a.list - b.list ||
        a.result.plansiteOrder - b.result.plansiteOrder;
    });
  };
  Search.prototype.first = function (size) {
    var self = this;
    return this.done.then(function (parts) {
      self.hits = parts[0];
      self.error = parts[1].error || null;
      self.add(parts[1], 0);
      self.hits.forEach(function (h) { self.shown[h.url] = true; });
      var more = parts[1].results.length < size ? self.searchFullText() : Promise.resolve();
      return more.then(function () { return self.more(size); }).then(function (items) {
        return self.hits.concat(items);
      });
    });
  };
  /* Add the full text's results to those not shown yet. */
  Search.prototype.searchFullText = function () {
    var self = this;
    if (this.fullTextSearched) { return Promise.resolve(); }
    this.fullTextSearched = true;
    return this.engine.ranked(this.engine.fullText, this.text, this.filters).then(function (found) {
      self.add(found, 1);
    }).catch(function () { /* the summary's results stand */ });
  };
  /* The next ``size`` results not shown yet, searching the full text when the summary's
   * run out. */
  Search.prototype.more = function (size) {
    var self = this;
    var items = [];
    var read = 0;
    function take(list) {
      list.forEach(function (item) {
        var url = new URL(item.url, document.baseURI).href;
        if (!self.shown[url] && items.length < size) {
          self.shown[url] = true;
          self.listed[item.list] += 1;
          items.push(item);
        }
      });
    }
    function weakOnes() {
      // Results where a word only starts a longer one ("so" in "sớm"): shown only when
      // nothing better exists, no number found and no result with every word whole.
      if (self.hits.length || self.strong) { self.weak = []; return; }
      self.weak.sort(function (a, b) { return b.tier - a.tier || a.order - b.order; });
      var out = self.weak.splice(0, size - items.length);
      take(out.map(function (w) { return w.item; }));
    }
    function step() {
      if (items.length >= size) { return Promise.resolve(items); }
      if (!self.pending.length) {
        if (!self.fullTextSearched && !self.error) { return self.searchFullText().then(step); }
        weakOnes();
        return Promise.resolve(items);
      }
      if (read >= MAX_READ) {  // enough read for one page: "Xem thêm" goes on
        if (!self.strong) { weakOnes(); }
        return Promise.resolve(items);
      }
      // Only as many texts as the page still needs (each is a download); those the index
      // shows with every word whole come first (ranked), so they seldom fail.
      var batch = self.pending.splice(0, size - items.length);
      read += batch.length;
      return Promise.all(batch.map(function (p) { return load(p.result, p.query); }))
        .then(function (loaded) {
          var ordered = loaded.map(function (item, i) { return { item: item, p: batch[i], i: i }; });
          ordered.sort(function (a, b) {
            return b.p.result.plansiteTier - a.p.result.plansiteTier || a.i - b.i;
          });
          var strong = [];
          ordered.forEach(function (o) {
            var tier = o.p.result.plansiteTier;
            o.item.list = o.p.list;
            if (tier >= WHOLE) { strong.push(o.item); }
            else if (tier >= 0) { self.weak.push({ item: o.item, tier: tier, order: self.seen++ }); }
          });
          self.strong += strong.length;
          take(strong);
          return step();
        });
    }
    return step();
  };
  /* Whether "more" can give anything: results left, or the full text not searched yet. */
  Search.prototype.remaining = function () {
    return !this.error && (!this.fullTextSearched || this.pending.length > 0 ||
      (!this.strong && !this.hits.length && this.weak.length > 0));
  };

  /* What is listed, for the status line: "1 văn bản đúng số hiệu; 4 trang có các từ “…”".
   * ``short`` for the header box: "5 kết quả cho “…”". Every count is of results listed
   * (the page's "Xem thêm kết quả" adds to them). */
  function summary(search, short) {
    var hits = search.hits.length;
    var found = search.listed[0];
    var deep = search.listed[1];
    var text = search.text.trim();
    if (short) {
      return (hits + found + deep) + " kết quả" + (text ? " cho " + quote(text) : "") + ".";
    }
    var words = text ? "các từ " + quote(text) : "";
    var filtered = search.filtered ? (words ? " (đã lọc)" : "theo bộ lọc") : "";
    var parts = [];
    if (hits) { parts.push(hits + " văn bản đúng số hiệu"); }
    if (found) { parts.push(found + " trang có " + words + filtered); }
    if (deep) {
      parts.push(deep + (found ? " kế hoạch khác" : " kế hoạch") + " có " + words + filtered +
        " trong toàn văn");
    }
    return parts.join("; ") + ".";
  }

  function indexLink(root) {
    var a = el("a", null, "danh mục văn bản");
    a.href = new URL("van-ban/", root).href;
    return a;
  }

  /* -- the header box ---------------------------------------------------------------- */

  function setupBox(form, engine) {
    var input = form.querySelector("input[name=q]");
    var toggle = document.getElementById("__search");
    var box = form.closest(".md-search");
    var list = box.querySelector(".md-search-result__list");
    var status = box.querySelector(".md-search-result__meta");
    var initial = status.textContent.trim();
    var timer = null;
    var serial = 0;

    function open() {
      if (toggle && !toggle.checked) { toggle.checked = true; }
      engine.pagefind().then(function (pf) { pf.init(); }).catch(function () {});
    }
    function close() {
      if (toggle) { toggle.checked = false; }
      input.blur();
    }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    function run() {
      var text = input.value;
      var mine = ++serial;
      if (!text.trim()) {
        list.innerHTML = "";
        status.textContent = initial;
        return;
      }
      status.textContent = "Đang tìm…";
      var search = new Search(engine, text, null);
      search.first(BOX_SIZE).then(function (items) {
        if (mine !== serial) { return; }
        list.innerHTML = "";
        items.forEach(function (item) { list.appendChild(boxItem(item)); });
        if (search.error) {
          status.textContent = items.length ? "Chỉ tra được số hiệu: chưa tải được chỉ mục tìm kiếm."
            : "Chưa tải được chỉ mục tìm kiếm.";
        } else if (!items.length) {
          status.textContent = "Không tìm thấy kết quả cho " + quote(text.trim()) + ".";
        } else {
          status.textContent = summary(search, true);
        }
        var all = el("li", "md-search-result__item plansite-box-all");
        var a = el("a", "md-search-result__link", items.length ? "Xem tất cả kết quả" : "Mở trang tìm kiếm");
        a.href = form.action + "?q=" + encodeURIComponent(text.trim());
        a.tabIndex = -1;
        all.appendChild(a);
        list.appendChild(all);
      });
    }

    input.addEventListener("focus", open);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); }, 0);
    });
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked) { input.focus(); } });
    }
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); event.preventDefault(); }
    });
    box.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) { return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = at < 0 ? (step > 0 ? 0 : all.length - 1) : at + step;
        if (next < 0) { input.focus(); } else { all[Math.min(next, all.length - 1)].focus(); }
        event.preventDefault();
      } else if (event.key === "Escape") {
        close();
      }
    });
    // Material's shortcuts: f, s or / opens the search box, unless the visitor is typing.
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
      if (["f", "s", "/"].indexOf(event.key) < 0) { return; }
      var active = document.activeElement;
      if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) {
        return;
      }
      event.preventDefault();
      open();
      input.focus();
      input.select();
    });
  }

  /* -- the search page --------------------------------------------------------------- */

  function setupPage(form, engine) {
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var more = document.querySelector(".plansite-search__more");
    var details = form.querySelector("details");
    var selects = {};
    var loaded = null;
    var current = null;
    FILTERS.forEach(function (f) { selects[f] = form.querySelector("select[name=" + f + "]"); });

    function filters() {
      var out = {};
      FILTERS.forEach(function (f) { if (selects[f].value) { out[f] = selects[f].value; } });
      return out;
    }
    function addOption(select, value, label) {
      var option = el("option", null, label || value);
      option.value = value;
      select.appendChild(option);
      return option;
    }
    function loadFilters() {
      if (loaded) { return loaded; }
      loaded = engine.pagefind().then(function (pf) { return pf.filters(); }).then(function (all) {
        FILTERS.forEach(function (f) {
          var select = selects[f];
          var chosen = select.value;
          var values = Object.keys(all[f] || {});
          values.sort(f === FIELDS.year ? function (a, b) { return b.localeCompare(a); }
            : function (a, b) { return a.localeCompare(b, "vi"); });
          while (select.options.length > 1) { select.remove(1); }
          values.forEach(function (v) { addOption(select, v, v + " (" + all[f][v] + ")"); });
          if (chosen && values.indexOf(chosen) < 0) { addOption(select, chosen); }
          select.value = chosen;
        });
      }).catch(function () { loaded = null; });
      return loaded;
    }

    function show(items) { items.forEach(function (item) { list.appendChild(pageItem(item)); }); }
    function updateMore() {
      more.hidden = !current || !current.remaining();
      more.textContent = current && !current.pending.length && !current.fullTextSearched
        ? "Tìm thêm trong toàn văn các kế hoạch" : "Xem thêm kết quả";
    }

    function run() {
      var text = input.value;
      var chosen = filters();
      list.innerHTML = "";
      more.hidden = true;
      if (!text.trim() && !Object.keys(chosen).length) {
        status.textContent = "Gõ từ khóa hoặc số hiệu văn bản, rồi bấm Tìm.";
        current = null;
        return;
      }
      status.textContent = "Đang tìm…";
      var search = current = new Search(engine, text, chosen);
      search.first(PAGE_SIZE).then(function (items) {
        if (search !== current) { return; }
        show(items);
        status.textContent = "";
        if (search.error) {
          status.append("Chưa tải được chỉ mục tìm kiếm" + (items.length ? " (chỉ tra được số hiệu)" : "") +
            ". Xem ", indexLink(engine.root), ".");
        } else if (!items.length) {
          status.append("Không tìm thấy kết quả nào cho " + quote(text.trim()) +
            ". Thử viết khác (có dấu hay không dấu đều được), bỏ bớt từ, hoặc xem ",
            indexLink(engine.root), ".");
        } else {
          status.textContent = summary(search);
        }
        updateMore();
      });
    }

    function remember() {
      var params = new URLSearchParams();
      if (input.value.trim()) { params.set("q", input.value.trim()); }
      var chosen = filters();
      Object.keys(chosen).forEach(function (f) { params.set(f, chosen[f]); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember();
      run();
    });
    FILTERS.forEach(function (f) {
      selects[f].addEventListener("change", function () { remember(); run(); });
    });
    details.addEventListener("toggle", function () { if (details.open) { loadFilters(); } });
    more.addEventListener("click", function () {
      var search = current;
      more.disabled = true;
      search.more(PAGE_SIZE).then(function (items) {
        more.disabled = false;
        if (search !== current) { return; }
        show(items);
        status.textContent = list.children.length ? summary(search)
          : "Không tìm thấy kết quả nào cho " + quote(search.text.trim()) + ".";
        updateMore();
      });
    });

    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var filtered = false;
    FILTERS.forEach(function (f) {
      var value = params.get(f);
      if (value) {
        addOption(selects[f], value).selected = true;
        filtered = true;
      }
    });
    if (filtered) {
      details.open = true;
      loadFilters();
    }
    if (input.value || filtered) { run(); } else { input.focus(); }
  }

  var forms = document.querySelectorAll("form[data-plansite-search]");
  if (!forms.length) { return; }
  configure(forms[0]);
  var engine = new Engine(forms[0]);
  window.plansiteSearch = { engine: engine, shardOf: shardOf, textTier: textTier, filters: FILTERS,
    fields: FIELDS };
  Array.prototype.forEach.call(forms, function (form) {
    if (form.getAttribute("data-plansite-search") === "page") { setupPage(form, engine); }
    else { setupBox(form, engine); }
  });
})();
