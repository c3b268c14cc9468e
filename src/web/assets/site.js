// orgraf site: client-side search over the embedded JSON search index.
// Without JavaScript the search page lists every body instead.
"use strict";

// As orgraf folds names: no diacritics, lower case, `_` as a space.
function orgrafFold(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[_\s]+/g, " ").trim();
}

// The ranking of `search` (src/query/search.rs) over the index's names:
// a whole match 100; a field containing the query 90 at its start, 80 at
// a word, 70 inside a word, less up to 20 for the share of the field it
// leaves uncovered; former names count 90 %; then the body's standing
// (0-10, from the index) less 10; ties by id; the best 20. Unlike
// `search` it reads no attribute values and forgives no typos.
function orgrafRank(index, text) {
  var q = orgrafFold(text);
  if (!q) return [];
  var ql = Array.from(q).length;
  function score(k) {
    if (k === q) return 100;
    var i = q.length < k.length ? k.indexOf(q) : -1;
    if (i < 0) return 0;
    var place = i === 0 ? 90 : k.charAt(i - 1) === " " ? 80 : 70;
    var all = Math.max(Array.from(k).length, 1);
    return place - Math.floor(20 * (all - Math.min(ql, all)) / all);
  }
  var hits = [];
  index.forEach(function (e) {
    var best = 0;
    e.keys.forEach(function (k, n) {
      var s = Math.floor(score(k) * (n < e.current ? 100 : 90) / 100);
      if (s > best) best = s;
    });
    if (best > 0) hits.push([Math.max(best + e.standing - 10, 0), e]);
  });
  hits.sort(function (a, b) { return b[0] - a[0] || (a[1].id < b[1].id ? -1 : 1); });
  return hits.slice(0, 20);
}

if (typeof module !== "undefined") module.exports = { fold: orgrafFold, rank: orgrafRank };

(function () {
  "use strict";
  if (typeof document === "undefined") return;
  var data = document.getElementById("search-index");
  var list = document.getElementById("site-results");
  var all = document.getElementById("all-bodies");
  var input = document.querySelector("main form.search input[name=q]");
  if (!data || !list || !input) return;
  var root = data.getAttribute("data-root") || "";
  var index = JSON.parse(data.textContent);
  var ranked = orgrafRank;
  function show() {
    var q = orgrafFold(input.value);
    list.textContent = "";
    if (!q) { list.hidden = true; if (all) all.hidden = false; return; }
    var hits = ranked(index, input.value);
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + h[1].href;
      a.textContent = h[1].name;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + h[1].kind;
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "–";
      list.appendChild(none);
    }
    list.hidden = false;
    if (all) all.hidden = true;
  }
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) input.value = q;
  input.addEventListener("input", show);
  show();
})();
