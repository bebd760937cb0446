// Document pages: each footnote shown beside its call (hover, focus or tap; Escape closes), and the
// search terms highlighted when the reader comes from a search result. Without JS the calls are plain
// links to the list of notes, which is all a reader needs.
(function () {
  "use strict";
  var script = document.currentScript;
  var pop = null;
  var owner = null;
  var pinned = false;
  var hideTimer = null;

  function noteFor(call) {
    var li = document.getElementById(call.getAttribute("data-note"));
    return li ? li.querySelector(".fn-text") : null;
  }

  function ensurePop() {
    if (pop) return pop;
    pop = document.createElement("span");
    pop.className = "fn-pop";
    pop.id = "fn-pop";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { if (!pinned) scheduleHide(); });
    return pop;
  }

  function show(call, pin) {
    var text = noteFor(call);
    if (!text) return;
    clearTimeout(hideTimer);
    ensurePop();
    if (owner && owner !== call) owner.removeAttribute("aria-describedby");
    owner = call;
    pinned = !!pin;
    pop.innerHTML = "";
    var n = document.createElement("b");
    n.textContent = call.textContent + ". ";
    pop.appendChild(n);
    var copy = text.cloneNode(true);
    // the popover only shows the note: links inside it would add tab stops that vanish on blur
    copy.querySelectorAll("a").forEach(function (a) {
      var span = document.createElement("span");
      span.innerHTML = a.innerHTML;
      a.replaceWith(span);
    });
    copy.removeAttribute("id");
    pop.appendChild(copy);
    // placed right after the call so that it reads in order and sits beside it
    call.parentNode.insertAdjacentElement("afterend", pop);
    pop.hidden = false;
    call.setAttribute("aria-describedby", "fn-pop");
    call.setAttribute("aria-expanded", "true");
    place(call);
  }

  function place(call) {
    pop.style.left = "0px";
    var width = document.documentElement.clientWidth;
    var r = call.getBoundingClientRect();
    var p = pop.getBoundingClientRect();
    var left = Math.min(Math.max(8, r.left - p.width / 2), width - p.width - 8);
    pop.style.left = (left - p.left) + "px";
  }

  function hide() {
    if (!pop || pop.hidden) return;
    pop.hidden = true;
    pinned = false;
    if (owner) {
      owner.removeAttribute("aria-describedby");
      owner.setAttribute("aria-expanded", "false");
    }
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  document.querySelectorAll(".fn-call a[data-note]").forEach(function (call) {
    call.setAttribute("aria-expanded", "false");
    call.addEventListener("mouseenter", function () { if (!pinned) show(call, false); });
    call.addEventListener("mouseleave", function () { if (!pinned) scheduleHide(); });
    call.addEventListener("focus", function () { if (!pinned) show(call, false); });
    call.addEventListener("blur", function () { if (!pinned) scheduleHide(); });
    call.addEventListener("click", function (ev) {
      // first tap opens the note beside the call; a second tap follows the link to the list of notes
      if (owner === call && pinned && pop && !pop.hidden) { hide(); return; }
      ev.preventDefault();
      show(call, true);
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && pop && !pop.hidden) {
      var back = owner;
      hide();
      if (back) back.focus();
      pinned = true; // the focus event must not reopen it at once
      setTimeout(function () { pinned = false; }, 0);
    }
  });
  document.addEventListener("click", function (ev) {
    if (pinned && pop && !pop.contains(ev.target) && !(owner && owner.contains(ev.target))) hide();
  });

  // search terms from a Pagefind result link (?highlight=…), marked on the page
  if (/[?&]highlight=/.test(location.search) && script && script.getAttribute("data-bundle")) {
    var url = new URL(script.getAttribute("data-bundle") + "pagefind-highlight.js", document.baseURI);
    import(url.href).then(function () {
      new window.PagefindHighlight({ highlightParam: "highlight", addStyles: false });
    }).catch(function () { /* highlighting is a convenience; reading works without it */ });
  }
})();
