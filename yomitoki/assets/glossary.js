/* yomitoki: definition popovers for glossary links (a.yt-term).
 *
 * The glossary page is the one source of the definitions: the popover shows
 * the <dd> of the entry the link points to, read from the current page when
 * that is the glossary, else fetched once per page load.  If it cannot be
 * fetched (a site opened from file://, offline), nothing is shown and the
 * link still leads to the entry.
 *
 * WCAG 1.4.13: the popover opens on hover and on keyboard focus, stays while
 * the pointer is over the link or the popover itself (it can be hovered and
 * its text selected), and closes with Esc without moving focus.  While open,
 * the link is described by it (aria-describedby).
 */
(function () {
  "use strict";

  var POPOVER_ID = "yt-popover";
  var HIDE_DELAY = 300;        // ms to move the pointer from the link to the popover
  var pages = {};              // glossary page URL -> Promise<Document|null>
  var popover = null;
  var current = null;          // the link the popover belongs to
  var hideTimer = null;
  var dismissed = null;        // a link whose popover Esc closed, until left
  var pointerOnLink = false;
  var pointerOnPopover = false;
  var request = 0;

  function ensurePopover() {
    if (popover) return popover;
    popover = document.createElement("div");
    popover.id = POPOVER_ID;
    popover.className = "yt-popover";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () {
      pointerOnPopover = true;
      cancelHide();
    });
    popover.addEventListener("mouseleave", function () {
      pointerOnPopover = false;
      scheduleHide();
    });
    document.body.appendChild(popover);
    return popover;
  }

  function pageUrl(href) {
    var url = new URL(href, document.baseURI);
    var id = decodeURIComponent(url.hash.replace(/^#/, ""));
    url.hash = "";
    return { page: url.href, id: id };
  }

  function here() {
    var url = new URL(window.location.href);
    url.hash = "";
    return url.href;
  }

  function glossaryDocument(page) {
    if (page === here()) return Promise.resolve(document);
    if (!pages[page]) {
      pages[page] = fetch(page, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (text) {
          return new DOMParser().parseFromString(text, "text/html");
        })
        .catch(function () {
          return null;
        });
    }
    return pages[page];
  }

  /* The entry's term and definition as plain paragraphs (no links: a tooltip holds no controls). */
  function entryContent(doc, id) {
    var dt = doc.getElementById(id);
    if (!dt || dt.tagName !== "DT") return null;
    var dd = dt.nextElementSibling;
    while (dd && dd.tagName !== "DD") dd = dd.nextElementSibling;
    if (!dd) return null;
    var def = null;
    for (var i = 0; i < dd.children.length; i++) {
      if (dd.children[i].classList.contains("yt-glossary__def")) { def = dd.children[i]; break; }
    }
    if (!def) return null;
    var term = dt.querySelector(".yt-glossary__term");
    var reading = dt.querySelector(".yt-glossary__reading");
    var paragraphs = [];
    def.querySelectorAll("p").forEach(function (p) { paragraphs.push(p.textContent); });
    return {
      term: term ? term.textContent : dt.textContent,
      reading: reading ? reading.textContent : "",
      paragraphs: paragraphs
    };
  }

  function fill(content) {
    var box = ensurePopover();
    box.textContent = "";
    var head = document.createElement("p");
    head.className = "yt-popover__term";
    head.textContent = content.term;
    if (content.reading) {
      var r = document.createElement("span");
      r.className = "yt-popover__reading";
      r.textContent = content.reading;
      head.appendChild(r);
    }
    box.appendChild(head);
    content.paragraphs.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    });
    var hint = document.createElement("p");
    hint.className = "yt-popover__hint";
    hint.textContent = "Escキーで閉じます。リンク先で詳しく読めます。";
    box.appendChild(hint);
  }

  function place(link) {
    var box = ensurePopover();
    var rect = link.getBoundingClientRect();
    var margin = 8;
    box.style.left = "0px";
    box.style.top = "0px";
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.min(Math.max(margin, rect.left), window.innerWidth - width - margin);
    var top = rect.bottom + 4;
    if (top + height > window.innerHeight - margin && rect.top - height - 4 > margin) {
      top = rect.top - height - 4;          // no room below: above the link
    }
    box.style.left = Math.max(margin, left) + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    if (link === dismissed) return;
    cancelHide();
    var target = pageUrl(link.getAttribute("href"));
    if (!target.id) return;
    var mine = ++request;
    glossaryDocument(target.page).then(function (doc) {
      if (mine !== request || !doc) return;
      var content = entryContent(doc, target.id);
      if (!content) return;
      if (current && current !== link) current.removeAttribute("aria-describedby");
      current = link;
      fill(content);
      popover.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", POPOVER_ID);
    });
  }

  function hide() {
    cancelHide();
    request++;
    if (popover) popover.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    pointerOnPopover = false;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(function () {
      var focused = current && document.activeElement === current;
      if (!pointerOnLink && !pointerOnPopover && !focused) hide();
    }, HIDE_DELAY);
  }

  function cancelHide() {
    if (hideTimer !== null) {
      window.clearTimeout(hideTimer);
      hideTimer = null;
    }
  }

  function termLink(node) {
    return node && node.closest ? node.closest("a.yt-term") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = termLink(event.target);
    if (!link) return;
    var from = termLink(event.relatedTarget);
    if (from === link) return;
    pointerOnLink = true;
    if (dismissed !== link) dismissed = null;
    show(link);
  });

  document.addEventListener("mouseout", function (event) {
    var link = termLink(event.target);
    if (!link || termLink(event.relatedTarget) === link) return;
    pointerOnLink = false;
    if (dismissed === link) dismissed = null;
    if (link === current) scheduleHide();
  });

  document.addEventListener("focusin", function (event) {
    var link = termLink(event.target);
    if (!link) return;
    dismissed = null;            // focusing is a new request to see it
    show(link);
  });

  document.addEventListener("focusout", function (event) {
    var link = termLink(event.target);
    if (!link) return;
    if (dismissed === link) dismissed = null;
    if (link === current) scheduleHide();
  });

  document.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && popover && !popover.hidden) {
      dismissed = current;
      hide();
    }
  });

  window.addEventListener("resize", function () {
    if (current && popover && !popover.hidden) place(current);
  });
})();
