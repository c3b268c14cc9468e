// orgraf site: client-side search over the embedded JSON search index.
// Without JavaScript the search page lists every body instead.
(function () {
  "use strict";
  var data = document.getElementById("search-index");
  var list = document.getElementById("site-results");
  var all = document.getElementById("all-bodies");
  var input = document.querySelector("main form.search input[name=q]");
  if (!data || !list || !input) return;
  var root = data.getAttribute("data-root") || "";
  var index = JSON.parse(data.textContent);
  // As orgraf folds names: no diacritics, lower case, `_` as a space.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[_\s]+/g, " ").trim();
  }
  function score(keys, q) {
    var best = 0;
    keys.forEach(function (k) {
      if (k === q) best = Math.max(best, 100);
      else if (k.indexOf(q) === 0) best = Math.max(best, 80);
      else if ((" " + k).indexOf(" " + q) >= 0) best = Math.max(best, 60);
      else if (k.indexOf(q) >= 0) best = Math.max(best, 40);
    });
    return best;
  }
  function show() {
    var q = fold(input.value);
    list.textContent = "";
    if (!q) { list.hidden = true; if (all) all.hidden = false; return; }
    var hits = [];
    index.forEach(function (e) { var s = score(e.keys, q); if (s > 0) hits.push([s, e]); });
    hits.sort(function (a, b) { return b[0] - a[0] || (a[1].id < b[1].id ? -1 : 1); });
    hits.slice(0, 20).forEach(function (h) {
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
