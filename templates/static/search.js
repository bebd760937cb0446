// The search page: Pagefind's UI, with the bundle and site root found from this page's own address
// (the site may live under any sub-path), results sorted by relevance or date, and one sub-result per
// matching paragraph (Pagefind makes sub-results from headings only; our paragraphs carry ids p<n>).
(function () {
  "use strict";
  var holder = document.getElementById("search");
  var bundle = new URL(holder.getAttribute("data-bundle"), document.baseURI);
  var base = new URL("../", bundle).pathname;
  var HIGHLIGHT = "highlight";
  var ui = null;

  function words(content) {
    return content.indexOf("\u200B") >= 0 ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
  }

  function excerpt(all, from, to, marks) {
    var out = [];
    for (var i = from; i < to; i++) {
      if (all[i] === undefined) break;
      out.push(marks.indexOf(i) >= 0 ? "<mark>" + all[i] + "</mark>" : all[i]);
    }
    return out.join(" ");
  }

  function paragraphSubResults(result) {
    var anchors = (result.anchors || []).filter(function (a) {
      return (/^p\w/.test(a.id) && /^p$/i.test(a.element)) || /^h[2-6]$/i.test(a.element);
    }).sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length || !result.locations || !result.locations.length) return null;
    var all = words(result.raw_content || result.content || "");
    var page = result.url.split("#")[0];
    var groups = [];
    anchors.forEach(function (a, i) {
      var end = i + 1 < anchors.length ? anchors[i + 1].location : all.length;
      var hits = result.locations.filter(function (l) { return l >= a.location && l < end; });
      if (!hits.length) return;
      var first = hits[0];
      var from = Math.max(a.location, first - 12), to = Math.min(end, from + 30);
      var label = /^p/i.test(a.element) ? "¶ " + a.id.replace(/^p/, "") : a.text;
      groups.push({
        title: label, url: page + "#" + a.id, locations: hits,
        weighted_locations: hits.map(function (l) { return { weight: 1, balanced_score: 1, location: l }; }),
        excerpt: "…" + excerpt(all, from, to, hits) + "…",
      });
    });
    groups.sort(function (x, y) { return y.locations.length - x.locations.length; });
    return groups.length ? groups : null;
  }

  function processResult(result) {
    var subs = paragraphSubResults(result);
    if (subs) result.sub_results = subs;
    if (result.meta && result.meta.date && result.meta.title) {
      result.meta.title = result.meta.title + " (" + result.meta.date + ")";
    }
    return result;
  }

  function start(sort) {
    var term = "";
    var input = holder.querySelector("input");
    if (input) term = input.value;
    if (ui) ui.destroy();
    holder.innerHTML = "";
    var options = {
      element: "#search", showSubResults: true, showImages: false, baseUrl: base,
      bundlePath: bundle.pathname, highlightParam: HIGHLIGHT, processResult: processResult,
      openFilters: ["person", "year"], resetStyles: false,
    };
    if (sort) {
      var parts = sort.split(":");
      options.sort = {};
      options.sort[parts[0]] = parts[1];
    }
    ui = new PagefindUI(options);
    var field = holder.querySelector("input");
    if (field) field.id = "search-input"; // so that the page's own visible label names it
    var q = new URLSearchParams(location.search).get("q");
    if (term) ui.triggerSearch(term);
    else if (q) ui.triggerSearch(q);
  }

  // a visible label for Pagefind's input (made here: without JS there is no input to label)
  var label = document.createElement("label");
  label.className = "search-label";
  label.htmlFor = "search-input";
  label.textContent = "Search the documents";
  holder.parentNode.insertBefore(label, holder);

  var sortBox = document.querySelector(".search-sort");
  var select = document.getElementById("sort");
  sortBox.hidden = false;
  select.addEventListener("change", function () { start(select.value); });
  start(select.value);
})();
