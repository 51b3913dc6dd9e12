/* Document-number lookup box (plansite). The table of spellings is made in Python
 * (plansite/lookup.py); this script only turns the query into a key the same way as
 * plansite.lookup.query_key: fold diacritics and đ, keep letter and digit runs, drop the
 * word "so" (số), drop leading zeros. No request leaves the site. */
(function () {
  "use strict";
  // Loaded by the home page and by the header search box (search.js uses queryKey): once.
  if (window.plansiteQueryKey) { return; }
  function queryKey(text) {
    var folded = text.replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var runs = folded.match(/[a-z]+|[0-9]+/g) || [];
    return runs.filter(function (r) { return r !== "so"; }).map(function (r) {
      return /^[0-9]/.test(r) ? (r.replace(/^0+/, "") || "0") : r;
    }).join("");
  }
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
        var urls = (table.keys[key] || []);
        var base = form.getAttribute("data-base");
        if (urls.length === 1) { window.location.href = base + urls[0]; return; }
        if (urls.length > 1) {
          say("Số hiệu này chỉ nhiều văn bản: " + urls.map(function (u) {
            return '<a href="' + escape(base + u) + '">' + escape(table.titles[u] || u) + "</a>";
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
