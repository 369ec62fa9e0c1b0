/*
 * yomitoki: the ふりがな toggle and search by reading.
 *
 * 1. How much ruby. A <select> labelled ふりがな goes into the header of
 *    every page that carries <meta name="yomitoki-ruby-default">: なし (off),
 *    the kanji beyond a school grade (grade), すべて (on). The reader's choice
 *    is kept in localStorage ("yomitoki.ruby" = "off"/"grade"/"on") and shown
 *    through classes on <html>: yt-ruby-on while readings are shown, and
 *    yt-ruby-grade too for the grade choice. Without yt-ruby-on, ruby.css
 *    hides <rt> and <rp> entirely (display: none), and with yt-ruby-grade the
 *    <rt class="yt-k"> over kanji taught by that grade, so screen readers
 *    never read a word twice. An inline script in <head>
 *    (yomitoki.render.ruby.head_html) applies a stored choice before the
 *    first paint; this file repeats that for pages without it.
 *
 * 2. Search by reading. Material's search worker cannot match a hiragana
 *    query against kanji text. search/readings.json (written at build time
 *    by yomitoki.search_readings) maps readings to the site's kanji words;
 *    a hiragana term of a query sent to the search worker gets those words
 *    added (しょうがい -> しょうがい 障害 障がい). Results show only the
 *    plan's text: the index holds no readings.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "yomitoki.ruby";
  var HTML_CLASS = "yt-ruby-on";
  var GRADE_CLASS = "yt-ruby-grade";
  var META_NAME = "yomitoki-ruby-default";
  var CHOICES = ["off", "grade", "on"];
  var root = document.documentElement;

  /* ------------------------------------------------------- how much ruby */

  function valid(v) {
    return CHOICES.indexOf(v) >= 0;
  }

  function meta() {
    return document.querySelector('meta[name="' + META_NAME + '"]');
  }

  function siteDefault() {
    var m = meta();
    return m && valid(m.content) ? m.content : "off";
  }

  /* The grade the site's readings are marked for (data-grade on the meta). */
  function siteGrade() {
    var m = meta();
    var g = m ? parseInt(m.getAttribute("data-grade"), 10) : NaN;
    return g >= 1 && g <= 6 ? g : 3;
  }

  function stored() {
    try {
      var v = window.localStorage.getItem(STORAGE_KEY);
      return valid(v) ? v : null;
    } catch (e) {
      return null;            /* storage disabled: the site default applies */
    }
  }

  function store(value) {
    try {
      window.localStorage.setItem(STORAGE_KEY, value);
    } catch (e) {
      /* not remembered, but the page still switches */
    }
  }

  function current() {
    if (!root.classList.contains(HTML_CLASS)) return "off";
    return root.classList.contains(GRADE_CLASS) ? "grade" : "on";
  }

  function apply(choice) {
    root.classList.toggle(HTML_CLASS, choice !== "off");
    root.classList.toggle(GRADE_CLASS, choice === "grade");
    var selects = document.querySelectorAll(".yt-ruby-select");
    for (var i = 0; i < selects.length; i++)
      if (selects[i].value !== choice) selects[i].value = choice;
  }

  /* The option's text: the kanji that keep their readings. */
  function gradeLabel(grade) {
    return grade >= 6 ? "中学以上" : "小" + (grade + 1) + "以上";
  }

  function insertControl() {
    if (!meta()) return;
    if (document.querySelector(".yt-ruby-choice")) return;
    var header = document.querySelector(".md-header__inner") ||
      document.querySelector("header");
    if (!header) return;
    var grade = siteGrade();
    var box = document.createElement("div");
    box.className = "yt-ruby-choice";
    box.lang = "ja";
    var label = document.createElement("label");
    label.htmlFor = "yt-ruby-select";
    label.textContent = "ふりがな";
    var select = document.createElement("select");
    select.id = "yt-ruby-select";
    select.className = "yt-ruby-select";
    select.title = "漢字の読みがなの表示: なし、小学" + grade + "年までに習う漢字を除く、すべての漢字";
    /* The select shows ふりがな with the choice; the label gives it its name. */
    var texts = { off: "ふりがな なし", grade: "ふりがな " + gradeLabel(grade), on: "ふりがな すべて" };
    for (var i = 0; i < CHOICES.length; i++) {
      var option = document.createElement("option");
      option.value = CHOICES[i];
      option.textContent = texts[CHOICES[i]];
      select.appendChild(option);
    }
    select.value = current();
    select.addEventListener("change", function () {
      apply(select.value);
      store(select.value);
    });
    box.appendChild(label);
    box.appendChild(select);
    /* Before the search: the label that opens it on small screens, else the field. */
    var anchor = header.querySelector('label.md-header__button[for="__search"]') ||
      header.querySelector(".md-search") ||
      header.querySelector(".md-header__source");
    if (anchor && anchor.parentNode === header) header.insertBefore(box, anchor);
    else header.appendChild(box);
  }

  apply(stored() || siteDefault());

  /* Another tab changed the choice: follow it. */
  window.addEventListener("storage", function (ev) {
    if (ev.key === STORAGE_KEY && valid(ev.newValue)) apply(ev.newValue);
  });

  function ready() {
    insertControl();
    apply(current());
  }
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", ready);
  else
    ready();
  /* Material's instant navigation replaces the page without reloading. */
  if (window.document$ && typeof window.document$.subscribe === "function")
    window.document$.subscribe(ready);

  /* ------------------------------------------------------ search by reading */

  var QUERY = 2;                        /* Material's SearchMessageType.QUERY */
  var HIRAGANA_TERM = /^[\u3041-\u3096\u309d\u309e\u30fc]{2,}$/;
  var MAX_WORDS = 6;
  var readings = null;                  /* reading -> [kanji words] */
  var keys = null;                      /* sorted readings, for prefixes */
  var loading = false;
  var lastWorker = null;
  var lastQuery = null;

  function configBase() {
    var el = document.getElementById("__config");
    var base = ".";
    try {
      if (el) base = JSON.parse(el.textContent).base || ".";
    } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function load() {
    if (readings || loading || !window.fetch) return;
    loading = true;
    fetch(new URL("search/readings.json", configBase()).href)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.readings) return;
        readings = data.readings;
        keys = Object.keys(readings).sort();
        /* A query typed before the file arrived: ask again. */
        if (lastWorker && lastQuery !== null) {
          var expanded = expand(lastQuery);
          if (expanded !== lastQuery)
            send.call(lastWorker, { type: QUERY, data: expanded });
        }
      })
      .catch(function () { /* no readings: plain search */ });
  }

  function lowerBound(key) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Kanji words read as `term`: exact readings first, else readings starting with it. */
  function words(term) {
    var exact = readings[term];
    if (exact && exact.length) return exact.slice(0, MAX_WORDS);
    var out = [];
    for (var i = lowerBound(term); i < keys.length && keys[i].lastIndexOf(term, 0) === 0; i++) {
      var list = readings[keys[i]];
      for (var j = 0; j < list.length && out.length < MAX_WORDS; j++)
        if (out.indexOf(list[j]) < 0) out.push(list[j]);
      if (out.length >= MAX_WORDS) break;
    }
    return out;
  }

  function expand(query) {
    if (!readings) return query;
    var changed = false;
    var out = query.split(/(\s+)/).map(function (part) {
      if (!HIRAGANA_TERM.test(part)) return part;
      var found = words(part);
      if (!found.length) return part;
      changed = true;
      return [part].concat(found).join(" ");
    }).join("");
    return changed ? out : query;
  }

  var send = window.Worker && window.Worker.prototype.postMessage;
  if (send) {
    window.Worker.prototype.postMessage = function (message) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        lastWorker = this;
        lastQuery = message.data;
        load();
        var expanded = expand(message.data);
        root.classList.toggle("yt-search-by-reading", expanded !== message.data);
        if (expanded !== message.data) {
          var args = Array.prototype.slice.call(arguments);
          args[0] = { type: QUERY, data: expanded };
          return send.apply(this, args);
        }
      }
      return send.apply(this, arguments);
    };
  }

  /* Fetch the readings as soon as the reader heads for the search. */
  document.addEventListener("focusin", function (ev) {
    var t = ev.target;
    if (t && t.classList && t.classList.contains("md-search__input")) load();
  });
})();
