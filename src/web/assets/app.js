// orgraf serve: search as you type. The pages work without it: the
// search box is a plain form that /search answers.
(function () {
  "use strict";
  document.querySelectorAll("form.search input[data-live]").forEach(function (input) {
    var list = input.form.querySelector("ul.live");
    if (!list) return;
    var timer = null, seq = 0;
    function hide() { list.hidden = true; list.textContent = ""; }
    function run() {
      var text = input.value.replace(/["\\\r\n]/g, " ").trim();
      var mine = ++seq;
      if (!text) { hide(); return; }
      fetch("/api/query?q=" + encodeURIComponent('search "' + text + '"'))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (mine !== seq) return;
          list.textContent = "";
          if (!j || !j.results || !j.results.length) { hide(); return; }
          j.results.slice(0, 8).forEach(function (n) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = "/body/" + encodeURIComponent(n.id);
            a.textContent = n.name;
            li.appendChild(a);
            list.appendChild(li);
          });
          list.hidden = false;
        })
        .catch(hide);
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
    document.addEventListener("click", function (e) { if (!input.form.contains(e.target)) hide(); });
  });
})();
