/* plansite's text rules in the browser, and the document-number lookup box.
 *
 * fold and queryKey are the site's one copy of plansite.core.text.fold and
 * plansite.core.lookup.query_key (the search box, search.js, uses them too). Their data comes from
 * Python, on this script's tag (data-plansite-text, plansite.core.lookup.browser_rules): the fold
 * of each Vietnamese letter with marks, and the words a key drops. The table of spellings is
 * made in Python too (plansite/lookup.py); the lookup box fetches it. No request leaves the
 * site.
 *
 * Nothing here reads a global that the page's elements could provide (an element with an id
 * is a property of window): the scripts share what they define under a symbol, which no
 * element can be. window.plansiteQueryKey is set for tests and the console, never read. */
(function () {
  "use strict";
  var SHARED = Symbol.for("plansite.text");
  // Loaded by the home page and by the header search box: once.
  if (window[SHARED]) { return; }
  var script = document.currentScript || document.querySelector("script[data-plansite-text]");
  var rules = JSON.parse((script && script.getAttribute("data-plansite-text")) || "{}");

  /* plansite.core.text.fold: lower case, then the letters of the table (Vietnamese with marks, đ)
   * as Python folds them; what is left with marks (a text typed decomposed, other languages'
   * letters) is decomposed and its marks dropped, as fold does with any letter. */
  var FOLD = Object.create(null);
  Object.keys(rules.fold || {}).forEach(function (folded) {
    Array.from(rules.fold[folded]).forEach(function (letter) { FOLD[letter] = folded; });
  });
  var FOLDED = new RegExp("[" + (Object.keys(FOLD).join("") || "\u0000") + "]", "g");
  function fold(text) {
    var out = String(text).toLowerCase().replace(FOLDED, function (c) { return FOLD[c]; });
    return /[^\u0000-\u007f]/.test(out) ? out.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : out;
  }

  /* plansite.core.lookup.query_key: the letter and digit runs of the folded text, without the
   * words it drops ("so": số), numbers without leading zeros. */
  var STOP = Object.create(null);
  (rules.stop || []).forEach(function (word) { STOP[word] = true; });
  function queryKey(text) {
    var runs = fold(text).match(/[a-z]+|[0-9]+/g) || [];
    return runs.filter(function (r) { return !STOP[r]; }).map(function (r) {
      return /^[0-9]/.test(r) ? (r.replace(/^0+/, "") || "0") : r;
    }).join("");
  }

  /* A table's own entry for a key, or undefined ("constructor" is a key too). */
  function own(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }

  Object.defineProperty(window, SHARED, {
    value: Object.freeze({ fold: fold, queryKey: queryKey, own: own })
  });
  window.plansiteQueryKey = queryKey;

  var forms = document.querySelectorAll("form[data-plansite-lookup]");
  Array.prototype.forEach.call(forms, function (form) {
    var table = null;
    var status = form.querySelector("[role=status]");
    var input = form.querySelector("input");
    function say(html) { status.innerHTML = html; }
    function escape(s) {
      return s.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var key = queryKey(input.value);
      var go = function () {
        var urls = own(table.keys, key) || [];
        var base = form.getAttribute("data-base");
        if (urls.length === 1) { window.location.href = base + urls[0]; return; }
        if (urls.length > 1) {
          say("Số hiệu này chỉ nhiều văn bản: " + urls.map(function (u) {
            return '<a href="' + escape(base + u) + '">' + escape(own(table.titles, u) || u) + "</a>";
          }).join(", "));
          return;
        }
        say("Không tìm thấy văn bản số “" + escape(input.value) + "” trên trang. " +
            'Xem <a href="' + escape(form.getAttribute("action")) + '">danh mục văn bản</a>.');
      };
      if (table) { go(); return; }
      fetch(form.getAttribute("data-plansite-lookup")).then(function (r) { return r.json(); })
        .then(function (data) { table = data; go(); })
        .catch(function () { form.submit(); });
    });
  });
})();
