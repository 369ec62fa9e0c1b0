/*
 * yomitoki: 読み上げ — the page read aloud by the browser's own speech synthesis.
 *
 * A button 「読み上げ」 in the header opens a bar of controls: read from the
 * start, read from the part in view, pause / resume, stop, and the speed
 * (remembered in localStorage "yomitoki.speech.rate"). All are buttons and a
 * select: Tab, Enter and Space work them; Escape in the bar stops.
 *
 * What is spoken is the narration edition (読み上げ版) of the page: its twin
 * is fetched from this site (the edition link says where), so numbers are
 * read in the narration style and tables row by row. The twin's article has
 * the same blocks in the same order as this page's (render/markdown.py and
 * render/narration.py render one list of blocks twice), so block i of the
 * twin is spoken while block i of this page is highlighted; within a block,
 * the sentence being spoken is highlighted (CSS Custom Highlight API) when
 * both editions cut the block into the same number of sentences, else the
 * whole block.
 *
 * Nothing is sent to any server: only voices the browser says are local
 * (SpeechSynthesisVoice.localService) are used. Where there is no local
 * Japanese voice, the bar says so and offers nothing to press.
 */
(function () {
  "use strict";

  var RATE_KEY = "yomitoki.speech.rate";
  var RATES = [["0.75", "ゆっくり"], ["1", "ふつう"], ["1.25", "少し速く"], ["1.5", "速く"], ["2", "とても速く"]];
  var HIGHLIGHT = "yt-reading";
  var SKIP = ".yt-edition-link, .yt-pagelist, .yt-download, .yt-aside, .yt-aside--furigana, script, style";
  /* inside a block: what is not its text (readings, popovers, permalinks) */
  var NOT_TEXT = "rt, rp, .yt-popover, .headerlink";

  var state = null;          /* {units, index, sentence, paused, stopped} while reading */

  function synth() { return window.speechSynthesis || null; }

  function japaneseVoice() {
    var s = synth();
    if (!s || typeof window.SpeechSynthesisUtterance !== "function") return null;
    var voices = s.getVoices() || [];
    var local = voices.filter(function (v) { return /^ja\b|^ja-/i.test(v.lang) && v.localService !== false; });
    return local.filter(function (v) { return v.default; })[0] || local[0] || null;
  }

  function rate() {
    var r = null;
    try { r = localStorage.getItem(RATE_KEY); } catch (e) { /* private mode */ }
    return RATES.some(function (x) { return x[0] === r; }) ? r : "1";
  }

  /* ------------------------------------------------------------ the text */

  function sentences(text) {
    var out = [];
    var re = /[^。！？!?]+[。！？!?]*[」』）)]*/g, m;
    text = text.replace(/\s+/g, " ");
    while ((m = re.exec(text)) !== null) {
      var s = m[0].trim();
      if (s) out.push(s);
    }
    return out;
  }

  function visibleText(el) {
    /* the text of an element without its readings (rt, rp) or hidden helpers */
    var clone = el.cloneNode(true);
    var drop = clone.querySelectorAll(NOT_TEXT + ", " + SKIP);
    for (var i = 0; i < drop.length; i++) drop[i].parentNode.removeChild(drop[i]);
    return clone.textContent;
  }

  function blocks(article) {
    var out = [];
    var kids = article.children;
    for (var i = 0; i < kids.length; i++) {
      var el = kids[i];
      if (el.matches(SKIP) || el.matches("nav")) { out.push(null); continue; }
      out.push(el);
    }
    return out;
  }

  /* One unit a list item, a spoken table row or a block: [spoken text, element to highlight]. */
  function units(spoken, shown) {
    var out = [];
    var a = blocks(spoken), b = shown ? blocks(shown) : a;
    var aligned = a.length === b.length;
    for (var i = 0; i < a.length; i++) {
      var el = a[i];
      if (!el) continue;
      var target = aligned ? b[i] : null;
      var items = el.matches("ul, ol") ? el.querySelectorAll(":scope > li") :
                  el.matches(".yt-spoken-table") ? el.querySelectorAll("p") : null;
      if (items) {
        var targets = target && target.matches("ul, ol") ? target.querySelectorAll(":scope > li") : null;
        for (var j = 0; j < items.length; j++)
          out.push({text: visibleText(items[j]), el: targets && targets.length === items.length ? targets[j] : target});
      } else {
        out.push({text: visibleText(el), el: target});
      }
    }
    return out.filter(function (u) { return u.text.trim(); });
  }

  function twinArticle() {
    var link = document.querySelector('.yt-edition-link[data-edition="standard"] a');
    if (!link) return Promise.resolve(null);           /* a narration page, or a page without a twin */
    return fetch(link.href, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      return new DOMParser().parseFromString(html, "text/html").querySelector("article");
    });
  }

  /* ------------------------------------------------------- highlighting */

  function clearHighlight() {
    if (window.CSS && CSS.highlights) CSS.highlights.delete(HIGHLIGHT);
    var old = document.querySelectorAll("." + HIGHLIGHT);
    for (var i = 0; i < old.length; i++) old[i].classList.remove(HIGHLIGHT);
  }

  function textNodes(el) {
    var out = [];
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement && n.parentElement.closest(NOT_TEXT) ?
          NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }

  /* A Range over the n-th sentence of el's visible text, or null. */
  function sentenceRange(el, n, count) {
    var nodes = textNodes(el);
    var full = nodes.map(function (t) { return t.data; }).join("");
    var ends = [], re = /[。！？!?][」』）)]*/g, m;
    while ((m = re.exec(full)) !== null) ends.push(m.index + m[0].length);
    if (!ends.length || ends[ends.length - 1] < full.replace(/\s+$/, "").length) ends.push(full.length);
    if (ends.length !== count) return null;
    var start = n ? ends[n - 1] : 0, end = ends[n];
    while (start < end && /\s/.test(full.charAt(start))) start++;
    var range = document.createRange(), pos = 0, set = false;
    for (var i = 0; i < nodes.length; i++) {
      var len = nodes[i].data.length;
      if (!set && start < pos + len) { range.setStart(nodes[i], start - pos); set = true; }
      if (set && end <= pos + len) { range.setEnd(nodes[i], end - pos); return range; }
      pos += len;
    }
    return null;
  }

  function highlight(unit, n, count) {
    clearHighlight();
    if (!unit.el) return;
    var range = window.CSS && CSS.highlights && window.Highlight ? sentenceRange(unit.el, n, count) : null;
    if (range) {
      CSS.highlights.set(HIGHLIGHT, new Highlight(range));
      var box = range.getBoundingClientRect();
      if (box.top < 80 || box.bottom > window.innerHeight - 80)
        window.scrollBy({top: box.top - window.innerHeight / 3, behavior: "smooth"});
    } else {
      unit.el.classList.add(HIGHLIGHT);
      unit.el.scrollIntoView({block: "center", behavior: "smooth"});
    }
  }

  /* ------------------------------------------------------------ speaking */

  function speakNext() {
    var st = state, s = synth();
    if (!st || st.stopped || !s) return;
    var unit = st.units[st.index];
    if (!unit) { stop("読み終わりました。"); return; }
    var parts = sentences(unit.text);
    if (st.sentence >= parts.length) { st.index++; st.sentence = 0; speakNext(); return; }
    var u = new SpeechSynthesisUtterance(parts[st.sentence]);
    u.lang = "ja-JP";
    u.voice = st.voice;
    u.rate = parseFloat(rate());
    var n = st.sentence;
    u.onstart = function () { if (state === st) highlight(unit, n, parts.length); };
    u.onend = function () {
      if (state !== st || st.stopped) return;
      st.sentence++;
      speakNext();
    };
    u.onerror = function (ev) {
      if (state !== st || st.stopped || (ev && (ev.error === "interrupted" || ev.error === "canceled"))) return;
      stop("読み上げを続けられませんでした。");
    };
    s.speak(u);
  }

  function start(fromView) {
    var voice = japaneseVoice();
    if (!voice) { noVoice(); return; }
    stop();
    var article = document.querySelector("article");
    if (!article) return;
    status("読み上げの準備をしています…");
    twinArticle().catch(function () { return null; }).then(function (twin) {
      var list = twin ? units(twin, article) : units(article, null);
      var first = 0;
      if (fromView) {
        var top = (document.querySelector(".md-header") || {offsetHeight: 0}).offsetHeight;
        for (var i = 0; i < list.length; i++) {
          if (list[i].el && list[i].el.getBoundingClientRect().bottom > top) { first = i; break; }
        }
      }
      state = {units: list, index: first, sentence: 0, paused: false, stopped: false, voice: voice};
      setPlaying(true);
      status(twin ? "読み上げ版の文章を読んでいます。" : "このページを読んでいます。");
      speakNext();
    });
  }

  function pauseOrResume() {
    var s = synth();
    if (!state || !s) return;
    if (state.paused) { s.resume(); state.paused = false; status("読み上げを続けています。"); }
    else { s.pause(); state.paused = true; status("一時停止しています。"); }
    updatePause();
  }

  function stop(message) {
    var s = synth();
    if (state) state.stopped = true;
    state = null;
    if (s) s.cancel();
    clearHighlight();
    setPlaying(false);
    if (message) status(message);
  }

  /* ------------------------------------------------------------ controls */

  var bar = null, statusEl = null, pauseButton = null, stopButton = null;

  function status(text) { if (statusEl) statusEl.textContent = text; }

  function setPlaying(on) {
    if (!bar) return;
    pauseButton.disabled = !on;
    stopButton.disabled = !on;
    updatePause();
  }

  function updatePause() {
    if (!pauseButton) return;
    var paused = !!(state && state.paused);
    pauseButton.textContent = paused ? "再開" : "一時停止";
    pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
  }

  function noVoice() {
    status("このブラウザには、この端末の中で読み上げる日本語の声がありません。読み上げ版のページを、お使いの読み上げソフトで聞いてください。");
    var buttons = bar ? bar.querySelectorAll("button[data-start]") : [];
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
  }

  function button(label, onClick, attrs) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    for (var k in attrs || {}) b.setAttribute(k, attrs[k]);
    return b;
  }

  function buildBar() {
    bar = document.createElement("div");
    bar.id = "yt-speech";
    bar.className = "yt-speech";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "読み上げ");
    bar.lang = "ja";
    bar.hidden = true;
    bar.appendChild(button("最初から読む", function () { start(false); }, {"data-start": "top"}));
    bar.appendChild(button("表示している所から読む", function () { start(true); }, {"data-start": "view"}));
    pauseButton = button("一時停止", pauseOrResume, {"aria-pressed": "false"});
    stopButton = button("停止", function () { stop("読み上げを止めました。"); });
    bar.appendChild(pauseButton);
    bar.appendChild(stopButton);
    var label = document.createElement("label");
    label.textContent = "速さ";
    var select = document.createElement("select");
    select.id = "yt-speech-rate";
    label.htmlFor = select.id;
    RATES.forEach(function (r) {
      var o = document.createElement("option");
      o.value = r[0];
      o.textContent = r[1];
      select.appendChild(o);
    });
    select.value = rate();
    select.addEventListener("change", function () {
      try { localStorage.setItem(RATE_KEY, select.value); } catch (e) { /* private mode */ }
    });
    bar.appendChild(label);
    bar.appendChild(select);
    bar.appendChild(button("閉じる", function () { closeBar(); }, {"class": "yt-speech__close"}));
    statusEl = document.createElement("p");
    statusEl.className = "yt-speech__status";
    statusEl.setAttribute("role", "status");
    bar.appendChild(statusEl);
    bar.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && state) { ev.preventDefault(); stop("読み上げを止めました。"); }
    });
    setPlaying(false);
    document.body.appendChild(bar);
  }

  function openBar() {
    var toggle = document.querySelector(".yt-speech-toggle");
    bar.hidden = false;
    if (toggle) toggle.setAttribute("aria-expanded", "true");
    document.documentElement.classList.add("yt-speech-open");
    if (!japaneseVoice()) noVoice();
    var first = bar.querySelector("button:not([disabled])");
    if (first) first.focus();
  }

  function closeBar() {
    var toggle = document.querySelector(".yt-speech-toggle");
    stop();
    bar.hidden = true;
    document.documentElement.classList.remove("yt-speech-open");
    if (toggle) {
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  }

  function insertButton() {
    if (document.querySelector(".yt-speech-toggle")) return;
    var header = document.querySelector(".md-header__inner");
    if (!header || !document.querySelector("article")) return;
    if (!bar) buildBar();
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "yt-speech-toggle";
    toggle.lang = "ja";
    /* a speaker (Material Design Icons "volume-high", Apache-2.0) stands for the word on narrow screens */
    toggle.innerHTML = '<svg class="yt-speech-toggle__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
      '<path d="M14,3.23V5.29C16.89,6.15 19,8.83 19,12C19,15.17 16.89,17.84 14,18.7V20.77C18,19.86 21,16.28 21,12' +
      'C21,7.72 18,4.14 14,3.23M16.5,12C16.5,10.23 15.5,8.71 14,7.97V16C15.5,15.29 16.5,13.76 16.5,12M3,9V15H7L12,20V4L7,9H3Z"/>' +
      '</svg><span class="yt-speech-toggle__label">読み上げ</span>';
    toggle.setAttribute("aria-label", "読み上げ");
    toggle.title = "このページを音声で読み上げる";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "yt-speech");
    toggle.addEventListener("click", function () {
      if (bar.hidden) openBar(); else closeBar();
    });
    var anchor = header.querySelector(".yt-ruby-choice, .yt-ruby-toggle") ||
      header.querySelector('label.md-header__button[for="__search"]') || header.querySelector(".md-search");
    if (anchor && anchor.parentNode === header) header.insertBefore(toggle, anchor);
    else header.appendChild(toggle);
  }

  /* voices arrive after the page: a bar that said "no voice" may have one now */
  if (synth() && typeof synth().addEventListener === "function") {
    synth().addEventListener("voiceschanged", function () {
      if (!bar || !japaneseVoice()) return;
      var buttons = bar.querySelectorAll("button[data-start]");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
      if (!state) status("");
    });
  }
  window.addEventListener("pagehide", function () { stop(); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", insertButton);
  else insertButton();
})();
