/* plansite: timeline statuses relative to the reader's today, and the filter of moc-thoi-gian/.
 *
 * The static page already says past / due soon / upcoming as of the build date; this script
 * redoes it for today in the site's time zone (Asia/Ho_Chi_Minh), from the data-* attributes
 * the page carries. It makes no request. The rules are plansite/timeline.py's:
 *   past      today is after the period's last day;
 *   due soon  the last day is at most DUE_SOON_DAYS days away, or the period has started;
 *   upcoming  otherwise.
 * Their data comes from Python, on this script's tag (data-plansite-timeline,
 * plansite.site.timeline.script_rules): the due-soon window, the time zone, the labels, and
 * the periods each recurring rule has in a year.
 *
 * Nothing here reads a global that the page's elements could provide (an element with an id
 * is a property of window): window.plansiteTimeline is set for tests and the console, never
 * read; whether the script has run is kept under a symbol, which no element can be.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector("script[data-plansite-timeline]");
  var RULES = JSON.parse((script && script.getAttribute("data-plansite-timeline")) || "{}");
  if (!RULES.periods) return;  // no rules on the tag: the statuses stay as of the build date
  var DUE_SOON_DAYS = RULES.due_soon_days;
  var OFFSET = RULES.utc_offset_minutes * 60000;
  var LABELS = RULES.status_labels;
  var PLAN_LABELS = RULES.plan_status_labels;
  var PERIODS = RULES.periods;
  var DAY = 86400000;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(y, m, d) { return y + "-" + pad(m) + "-" + pad(d); }
  function lastDay(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }
  function vndate(s) { return s.slice(8, 10) + "/" + s.slice(5, 7) + "/" + s.slice(0, 4); }

  /** Today's date (YYYY-MM-DD) in the site's time zone. */
  function today() { return new Date(Date.now() + OFFSET).toISOString().slice(0, 10); }

  function daysBetween(from, to) {
    return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / DAY);
  }

  /** "past", "due-soon" or "upcoming": the period [start, end] seen from day t. */
  function status(start, end, t) {
    if (t > end) return "past";
    if (t >= start || daysBetween(t, end) <= DUE_SOON_DAYS) return "due-soon";
    return "upcoming";
  }

  /** The periods a rule (yearly-Q1, yearly, every-6-months, quarterly, monthly) has in a year:
   * from the rule's [first month, last month, label with {y} for the year] in PERIODS. */
  function periodsOfYear(code, y) {
    var known = Object.prototype.hasOwnProperty.call(PERIODS, code) ? PERIODS[code] : [];
    return known.map(function (p) {
      return { start: iso(y, p[0], 1), end: iso(y, p[1], lastDay(y, p[1])),
               label: p[2].split("{y}").join(String(y)) };
    });
  }

  /** The period of a rule that holds day t (null if none). */
  function periodOf(code, t) {
    return periodsOfYear(code, +t.slice(0, 4)).filter(function (p) {
      return p.start <= t && t <= p.end;
    })[0] || null;
  }

  /** The occurrence of a rule in progress or next to come on day t; null when all are past. */
  function next(code, from, until, t) {
    var first = +from.slice(0, 4), last = Math.max(first, +t.slice(0, 4)) + 2, y, i, ps;
    for (y = first; y <= last; y++) {
      ps = periodsOfYear(code, y);
      for (i = 0; i < ps.length; i++) {
        if (ps[i].start < from) continue;
        if (until && ps[i].end > until) return null;
        if (ps[i].end >= t) return ps[i];
      }
    }
    return null;
  }

  function setStatus(marker, value) {
    marker.className = marker.className.replace(/plansite-status--[\w-]*/g, "").trim() +
      " plansite-status--" + value;
    marker.textContent = LABELS[value];
    var holder = marker.closest("[data-status]");
    if (holder) holder.setAttribute("data-status", value);
  }

  function markPeriods(root, t) {
    root.querySelectorAll(".plansite-status[data-end]").forEach(function (el) {
      setStatus(el, status(el.getAttribute("data-start"), el.getAttribute("data-end"), t));
    });
  }

  function markRules(root, t) {
    root.querySelectorAll(".plansite-status[data-rule]").forEach(function (el) {
      var p = next(el.getAttribute("data-rule"), el.getAttribute("data-from"),
                   el.getAttribute("data-until"), t);
      setStatus(el, p ? status(p.start, p.end, t) : "past");
      var item = el.closest("li"), nextEl = item && item.querySelector("[data-plansite-next]");
      if (nextEl) nextEl.textContent = p ? p.label : RULES.no_next;
    });
  }

  function markPlans(root, t) {
    root.querySelectorAll(".plansite-plan-status").forEach(function (el) {
      var end = el.getAttribute("data-end");
      var replaced = el.getAttribute("data-replaced");
      var value = replaced && t >= replaced ? "replaced"
        : !el.hasAttribute("data-open") && end && t > end ? "expired" : "active";
      el.className = "plansite-plan-status plansite-plan-status--" + value;
      el.textContent = PLAN_LABELS[value];
    });
  }

  function sortChildren(parent, selector, key, descending) {
    var items = Array.prototype.filter.call(parent.children, function (c) {
      return c.matches(selector);
    });
    items.sort(function (a, b) {
      var ka = key(a), kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : 0) * (descending ? -1 : 1);
    });
    items.forEach(function (c) { parent.appendChild(c); });
  }

  /** moc-thoi-gian/: quarters still to come first (in order), past ones after (latest first). */
  function arrange(t) {
    var upcoming = document.querySelector("[data-plansite-quarters=upcoming]");
    var past = document.querySelector("[data-plansite-quarters=past]");
    if (!upcoming || !past) return;
    var quarterStart = periodOf("quarterly", t).start;
    document.querySelectorAll(".plansite-quarter").forEach(function (q) {
      var target = q.getAttribute("data-end") >= quarterStart ? upcoming : past;
      if (q.parentNode !== target) target.appendChild(q);
    });
    [upcoming, past].forEach(function (box) {
      var desc = box === past;
      sortChildren(box, ".plansite-quarter", function (q) { return q.getAttribute("data-end"); }, desc);
      box.querySelectorAll(".plansite-quarter").forEach(function (q) {
        sortChildren(q, ".plansite-month", function (m) { return m.getAttribute("data-end"); }, desc);
      });
      box.querySelectorAll("[data-plansite-sortable]").forEach(function (list) {
        sortChildren(list, "li", function (li) { return +li.getAttribute("data-order"); }, desc);
      });
      var empty = box.parentNode.querySelector("[data-plansite-empty]");
      if (empty) empty.hidden = box.querySelector(".plansite-quarter:not([hidden])") !== null;
    });
  }

  /** The filter by level and issuing body; without this script the full list shows. */
  function filter(form) {
    var level = form.elements["cap"], issuer = form.elements["co-quan"];
    var count = form.querySelector(".plansite-filter__count");
    var params = new URLSearchParams(window.location.search);
    if (params.get("cap") !== null) level.value = params.get("cap");
    if (params.get("co-quan") !== null) issuer.value = params.get("co-quan");

    function apply() {
      var items = document.querySelectorAll("li[data-issuer]"), shown = 0;
      items.forEach(function (li) {
        var ok = (!level.value || li.getAttribute("data-level") === level.value) &&
                 (!issuer.value || li.getAttribute("data-issuer") === issuer.value);
        li.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".plansite-month, .plansite-quarter, #dinh-ky").forEach(function (g) {
        var box = g.id === "dinh-ky" ? g.parentNode : g;
        box.hidden = box.querySelector("li[data-issuer]:not([hidden])") === null;
      });
      document.querySelectorAll("[data-plansite-quarters]").forEach(function (box) {
        var empty = box.parentNode.querySelector("[data-plansite-empty]");
        if (empty) empty.hidden = box.querySelector(".plansite-quarter:not([hidden])") !== null;
      });
      count.textContent = shown === items.length
        ? "Đang hiện tất cả " + items.length + " mốc."
        : "Đang hiện " + shown + " trên " + items.length + " mốc.";
      var query = new URLSearchParams();
      if (level.value) query.set("cap", level.value);
      if (issuer.value) query.set("co-quan", issuer.value);
      var search = query.toString();
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") +
          window.location.hash);
      }
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  }

  function run() {
    var t = today();
    markPeriods(document, t);
    markRules(document, t);
    markPlans(document, t);
    document.querySelectorAll("[data-plansite-today]").forEach(function (el) {
      el.textContent = vndate(t);
    });
    document.querySelectorAll("[data-plansite-month]").forEach(function (el) {
      var stale = el.querySelector("[data-plansite-stale]");
      if (stale) stale.hidden = el.getAttribute("data-plansite-month") === t.slice(0, 7);
    });
    arrange(t);
    var form = document.querySelector("[data-plansite-filter]");
    if (form) filter(form);
  }

  window.plansiteTimeline = {
    status: status, next: next, today: today, periodsOfYear: periodsOfYear, rules: RULES
  };
  var DONE = Symbol.for("plansite.timeline");
  if (window[DONE]) return;
  Object.defineProperty(window, DONE, { value: true });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
