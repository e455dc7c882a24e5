/* Min Vej in the browser: the outbox that keeps answers typed offline, "Læs op", "Let at læse", and the service
 * worker.
 *
 * Outbox: every chat answer is put in localStorage the moment it is sent (a form with data-outbox, or a
 * button with data-outbox-action), and taken out when the server has stored it. Reflex keeps events in
 * memory while the socket is down; the outbox also survives a reload or a closed tab. The server stores
 * each answer once, by its key, so sending one twice does no harm. Nothing secret is kept here.
 *
 * The answer box stays on the page from one typed question to the next (pages/chat.py keys its form on
 * the conversation, not the question), so the text is taken out of it here, when the server has stored
 * the answer: `stored(key)` empties the box only if it still holds exactly what was sent under that key.
 * What the citizen has begun typing for the next question while the reply was on its way is kept; a
 * refused answer (`remove(key)`) and one waiting offline stay in the box too.
 *
 * Drafts: what is typed into a box of a form marked data-draft (the chat's answer box and "Ret dit svar",
 * a workbook item's text and comments) is kept in localStorage ("minvej-drafts") as it is typed, under the
 * page, the form's data-draft (the conversation, the item) and the box, and put back when the box is drawn
 * anew and untouched: after a reconnect that rebuilt the page (a restarted worker hands the tab a fresh
 * state, and the box is drawn empty), or a reload. A draft goes when the box is back to what it was drawn
 * with, when the server has stored the answer (an outbox form), when the form is sent (any other form), on
 * its "Fortryd" (data-draft-discard), and after DRAFT_HOURS; logout takes all of them away (LOGOUT_SCRIPT in
 * citizenplan/state/session.py). Only the words are kept, never a token, a user or a role.
 */
(function () {
  /* "Let at læse" (citizenplan/state/session.py keeps it on her user and this copy true): on the server's own
   * pages (the crisis plan, the offline copies), which load this file in <head>, before their first paint. The
   * app's pages have the same line inline in <head> (citizenplan.py EASY_READ_FIRST). */
  try {
    if (localStorage.getItem("minvej-easy-read") === "1") document.documentElement.classList.add("easy-read");
  } catch (e) { /* storage off: the plain page */ }

  var KEY = "minvej-outbox";

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(list) {
    localStorage.setItem(KEY, JSON.stringify(list));
    if (!list.length) {  /* the server has answered them all: no connection trouble, no outage */
      window.__minvejSlow = false;
      outageTold = false;
    }
    showStatus();
  }
  /* The connection counts as slow once this answer has waited 1.5 s in the outbox; not for an answer the server
   * stored sooner (else the waiting line would flash, and be read out, at every later answer). */
  function slowIfStillWaiting(key) {
    setTimeout(function () {
      if (load().some(function (e) { return e.key === key; })) { window.__minvejSlow = true; showStatus(); }
    }, 1500);
  }
  /* What each typed answer was as it left its box, by key: the box and the text, in memory only. After
   * a reload the box is a new one, and nothing of the old page may empty it. */
  var sent = {};
  function same(a, b) {
    return String(a).replace(/\r\n?/g, "\n") === String(b).replace(/\r\n?/g, "\n");
  }
  function emptyBox(key) {
    var answer = sent[key];
    delete sent[key];
    if (answer && answer.box.isConnected && answer.text !== "" && same(answer.box.value, answer.text)) {
      answer.box.value = "";
      countLeft(answer.box);
      keepDraft(answer.box);
    }
  }
  var DRAFTS = "minvej-drafts", DRAFT_HOURS = 24, BOXES = "textarea, input[type=text], input[type=tel], input[type=date]";
  function loadDrafts() {
    try { return JSON.parse(localStorage.getItem(DRAFTS) || "{}") || {}; } catch (e) { return {}; }
  }
  function saveDrafts(all) {
    try {
      if (Object.keys(all).length) localStorage.setItem(DRAFTS, JSON.stringify(all));
      else localStorage.removeItem(DRAFTS);
    } catch (e) { /* storage full or off: the box still holds the text */ }
  }
  /* The page (with or without the trailing slash a static export may add) and the form's data-draft. */
  function draftScope(form) {
    return (location.pathname.replace(/\/+$/, "") || "/") + "|" + form.getAttribute("data-draft") + "|";
  }
  function draftKey(box) {
    var form = box.form, name = box.id || box.name;
    if (!form || !name || !form.hasAttribute("data-draft")) return null;
    return draftScope(form) + name;
  }
  function forgetDraftsOf(form) {
    var scope = draftScope(form);
    forgetDrafts(function (key) { return key.indexOf(scope) === 0; });
  }
  /* As she types: the box's text, or nothing once it is back to what the page drew it with. */
  function keepDraft(box) {
    var key = draftKey(box);
    if (!key) return;
    var all = loadDrafts();
    if (same(box.value, box.defaultValue)) delete all[key];
    else all[key] = { text: box.value, at: Date.now() };
    saveDrafts(all);
  }
  function forgetDrafts(test) {
    var all = loadDrafts(), before = Object.keys(all).length;
    Object.keys(all).forEach(function (key) { if (test(key, all[key])) delete all[key]; });
    if (Object.keys(all).length !== before) saveDrafts(all);
  }
  /* A box drawn anew (a reconnect rebuilt the page, or a reload) and not touched since gets its draft back.
   * Its form is read from the box itself, so the value reaches the server exactly as she sees it. */
  function restoreDrafts() {
    if (!localStorage.getItem(DRAFTS)) return;
    var old = Date.now() - DRAFT_HOURS * 3600 * 1000;
    forgetDrafts(function (key, draft) { return !(draft && draft.at > old && typeof draft.text === "string"); });
    var all = loadDrafts();
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      form.querySelectorAll(BOXES).forEach(function (box) {
        var key = draftKey(box), draft = key && all[key];
        if (!draft || !same(box.value, box.defaultValue) || same(box.value, draft.text)) return;
        box.value = draft.text;
        countLeft(box);
      });
    });
  }
  /* An answer the server has stored is no draft any more; nor is it what the box should hold, after a reload
   * (when `sent` has forgotten it) that put the draft back. */
  function storedAnswer(entry) {
    if (!entry || typeof entry.value !== "string") return;
    var scope = "chat-" + entry.conversation;
    forgetDrafts(function (key, draft) { return key.split("|")[1] === scope && same(draft.text, entry.value); });
    var form = document.querySelector('form[data-draft="' + scope + '"]');
    var box = form && form.querySelector("#answer, #answer-date, #answer-phone");
    if (box && entry.value !== "" && same(box.value, entry.value)) { box.value = ""; countLeft(box); }
  }

  function add(entry) {
    if (!entry.key) return;
    var list = load();
    if (!list.some(function (e) { return e.key === entry.key; })) { list.push(entry); save(list); }
  }
  /* "Dit svar venter …" while an answer waits for the connection. One calm message at a time: while the page
   * shows the server's own word that the database is away (pages/chat.py's data-database-down, the chat's alert),
   * that one says it, and this line stays hidden until the answers are stored (it must not flash up as the outage
   * line goes). Written only when it changes, so that a screen reader reads it once, not at every check. */
  var outageTold = false;  /* the server said the database is away: its retry, not the connection, sends them */
  function showStatus() {
    var box = document.getElementById("outbox-status");
    if (!box) return;
    if (databaseDownShown(box)) outageTold = true;
    var waiting = load().length > 0 && (!navigator.onLine || window.__minvejSlow) && !outageTold;
    var text = waiting ? box.getAttribute("data-waiting") : "";
    if (box.textContent !== text) box.textContent = text;
    if (box.hidden !== !waiting) box.hidden = !waiting;
  }
  function databaseDownShown(box) {
    var told = box.getAttribute("data-database-down");
    return !!told && Array.prototype.some.call(document.querySelectorAll("[role=alert]"), function (alert) {
      return alert.textContent.indexOf(told) >= 0;
    });
  }

  window.minvejOutbox = {
    json: function () { return JSON.stringify(load()); },
    /* Refused, or otherwise done with: out of the outbox, and the text stays in the box. */
    remove: function () {
      var keys = Array.prototype.slice.call(arguments);
      keys.forEach(function (key) { delete sent[key]; });
      save(load().filter(function (e) { return keys.indexOf(e.key) < 0; }));
    },
    /* Stored by the server: out of the outbox, and out of the box if the box still holds just that. */
    stored: function () {
      var keys = Array.prototype.slice.call(arguments);
      keys.forEach(emptyBox);
      load().forEach(function (e) { if (keys.indexOf(e.key) >= 0) storedAnswer(e); });
      save(load().filter(function (e) { return keys.indexOf(e.key) < 0; }));
    },
    count: function () { return load().length; },
  };

  /* Bubbling, not capturing: React's own listener (on the app's root, below the document) sends the
   * answer first, and the outbox is written while the server works. Both happen in the same task, so the
   * answer is in the outbox long before the server's reply can take it out. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-draft") && !form.hasAttribute("data-outbox")) {
      forgetDraftsOf(form);
    }
    if (!form || !form.hasAttribute || !form.hasAttribute("data-outbox")) return;
    var data = new FormData(form);
    var picks = [];
    data.forEach(function (value, name) { if (name.indexOf("pick_") === 0) picks.push(name.slice(5)); });
    var box = form.querySelector("#answer, #answer-date, #answer-phone");
    var key = data.get("key");
    /* The first text sent under a key is the one the server stores (a second tap is a duplicate). */
    if (box && key && !sent[key]) sent[key] = { box: box, text: box.value };
    add({
      key: data.get("key"), step: data.get("step"), action: "answer",
      conversation: parseInt(form.getAttribute("data-conversation"), 10),
      value: form.getAttribute("data-kind") === "multi" ? picks : data.get("answer"),
    });
    slowIfStillWaiting(key);
    /* When the next question is not typed into a box (chips, faces, the end), the box lets go of the
     * focus now, while the server works: the reply then takes away a box without focus, and the new
     * bubble is drawn without the blur's work in front of it. Offline, the answer waits and so does the box. */
    if (form.getAttribute("data-keep-focus") === "false" && navigator.onLine
        && form.contains(document.activeElement)) {
      document.activeElement.blur();
    }
  });

  document.addEventListener("click", function (event) {
    /* "Fortryd": what was typed in that form is dropped on purpose. */
    var discard = event.target.closest && event.target.closest("[data-draft-discard]");
    if (discard && discard.form && discard.form.hasAttribute("data-draft")) forgetDraftsOf(discard.form);
    var button = event.target.closest && event.target.closest("[data-outbox-action]");
    if (button) {
      add({
        key: button.getAttribute("data-key"), step: button.getAttribute("data-step"),
        action: button.getAttribute("data-outbox-action"), value: button.getAttribute("data-value"),
        conversation: parseInt(button.getAttribute("data-conversation"), 10),
      });
      slowIfStillWaiting(button.getAttribute("data-key"));
    }
    var reader = event.target.closest && event.target.closest("[data-read-aloud]");
    if (reader) readAloud(reader);
  });

  /* "Læs op" (citizenplan/components/read_aloud.py): the phone's own voice (speechSynthesis: no network) reads
   * the button's data-speak (a bubble of the chat), or the text of the element its data-speak-from names (the
   * page's <main>, or her plan on Min plan) as she sees it: not the "Læs op" buttons, nor what is hidden from
   * the eye or from a screen reader. In the page's language (<html lang>). A second press stops it, and so does
   * leaving the page. The button shows only where the browser has a voice for that language (html.can-speak,
   * styles.css): where speech is missing there is nothing to press. */
  var reading = null;  /* the button whose reading is under way */
  function readAloud(button) {
    var synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;
    var again = reading === button;
    stopReading();
    if (again) return;
    var text = button.hasAttribute("data-speak") ? button.getAttribute("data-speak")
      : textOf(document.querySelector(button.getAttribute("data-speak-from") || "main"));
    var parts = chunks(text || "");
    if (!parts.length) return;
    var lang = document.documentElement.lang === "en" ? "en-GB" : "da-DK", voice = voiceFor(lang);
    reading = button;
    pressed(button, true);
    parts.forEach(function (part, i) {
      var utterance = new SpeechSynthesisUtterance(part);
      utterance.lang = lang;
      if (voice) utterance.voice = voice;
      if (i === parts.length - 1) utterance.onend = function () { if (reading === button) stopReading(); };
      utterance.onerror = function () { if (reading === button) stopReading(); };
      synth.speak(utterance);
    });
  }
  function stopReading() {
    if (reading) pressed(reading, false);
    reading = null;
    if (window.speechSynthesis) window.speechSynthesis.cancel();
  }
  function pressed(button, on) {
    if (button.isConnected) button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  var SKIP = "[data-read-aloud], [aria-hidden='true'], .visually-hidden, .area-picture";
  /* What the eye sees of `root`, line by line (innerText), without what is not for reading aloud. */
  function textOf(root) {
    if (!root) return "";
    var skipped = root.querySelectorAll(SKIP);
    skipped.forEach(function (el) { el.classList.add("read-aloud-skip"); });
    try { return root.innerText; } finally {
      skipped.forEach(function (el) { el.classList.remove("read-aloud-skip"); });
    }
  }
  /* Short pieces, a line or a few at a time: some browsers stop a long utterance after about 15 seconds. */
  function chunks(text) {
    var found = [], now = "";
    text.split(/\n+/).map(function (line) { return line.trim(); }).filter(Boolean).forEach(function (line) {
      if (now && now.length + line.length > 200) { found.push(now); now = ""; }
      now = now ? now + "\n" + line : line;
    });
    if (now) found.push(now);
    return found;
  }
  /* Leaving the page (the app moves between its pages without loading them) ends the reading. */
  var readingAt = location.pathname + location.search;
  function leftThePage() {
    var here = location.pathname + location.search;
    if (here !== readingAt) { readingAt = here; if (reading) stopReading(); }
    if (reading && !reading.isConnected) stopReading();
  }
  new MutationObserver(leftThePage).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("popstate", leftThePage);
  window.addEventListener("pagehide", function () { if (reading) stopReading(); });

  /* A voice for `lang` on the phone itself first (it speaks without a network), else any voice for it. */
  function voiceFor(lang) {
    if (!window.speechSynthesis) return null;
    var prefix = lang.slice(0, 2);
    var fitting = window.speechSynthesis.getVoices().filter(function (v) {
      return v.lang && v.lang.toLowerCase().replace("_", "-").indexOf(prefix) === 0;
    });
    return fitting.filter(function (v) { return v.localService; })[0] || fitting[0] || null;
  }
  /* html.may-speak (set in <head> before the first paint, citizenplan.py SPEECH_FIRST; here too, for the pages the
   * server writes) keeps the page's button's room, hidden, wherever the browser has speech: many phones list their
   * voices a moment after the page has started ("voiceschanged"), after the first paint. A voice for the language
   * shows the button in its room. Without one the room stays empty rather than closing: closing it would move the
   * page, and an empty room has nothing in it to press or to hear. */
  function markVoices() {
    var lang = document.documentElement.lang === "en" ? "en" : "da";
    document.documentElement.classList.toggle("can-speak", !!voiceFor(lang));
  }
  if (window.speechSynthesis) {
    document.documentElement.classList.add("may-speak");
    markVoices();
    window.speechSynthesis.addEventListener && window.speechSynthesis.addEventListener("voiceschanged", markVoices);
    /* Another language: the reading in the old one stops, and the button follows the voices of the new one. */
    new MutationObserver(function (changes) {
      if (changes.some(function (c) { return c.oldValue !== document.documentElement.lang; }) && reading) stopReading();
      markVoices();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"], attributeOldValue: true });
  }

  /* A new question's box gets the focus, as autoFocus would give it, but a frame later: the bot's new
   * message is drawn first, without waiting for the focus, which lays out and scrolls the page.
   * A box that stays for the next question (same kind of answer) and has the focus keeps it: no work.
   * If the citizen sent with the Send button or used "Spring over" or "Tilbage" (the focus is on the
   * question's own buttons, or nowhere), the box gets the focus back for the new question, as a new box
   * would; a focus the citizen has put anywhere else (say, in "Ret dit svar") is left alone. */
  var focusedBox = null, focusedKey = null;
  function questionKey(box) {
    var field = box.form && box.form.elements.namedItem("key");
    return field ? field.value : "";
  }
  function focusNewBox() {
    var box = document.querySelector("#answer, #answer-date, #answer-phone");
    if (!box) return;
    var key = questionKey(box);
    if (box === focusedBox && key === focusedKey) return;
    var fresh = box !== focusedBox;
    focusedBox = box;
    focusedKey = key;
    requestAnimationFrame(function () {
      var now = document.activeElement;
      if (!box.isConnected || box === now) return;
      if (fresh || !now || now === document.body || (now.closest && now.closest("[data-question]"))) box.focus();
    });
  }
  new MutationObserver(focusNewBox).observe(document.documentElement, { childList: true, subtree: true });

  /* "Du kan skrive 150 tegn mere." under a box with a maxlength, once she is near it (the last NEAR
   * characters), from pages/chat.py's data-chars-left line and its texts. Counted here, in the browser:
   * a keystroke sends nothing to the server. The line changes at once; a screen reader hears it from the
   * polite status line next to it, which is updated when she pauses for a moment, not on every keystroke. */
  var NEAR = 200, PAUSE_MS = 1000, heardLater = null;
  function countLeft(box) {
    var form = box.form;
    var line = form && form.querySelector("[data-chars-left]");
    var most = parseInt(box.getAttribute("maxlength"), 10);
    if (!line || !(most > 0)) return;
    var left = most - box.value.length, text = "";
    if (left <= 0) text = line.getAttribute("data-full").replace("{count}", most);
    else if (left === 1) text = line.getAttribute("data-left-one");
    else if (left <= NEAR) text = line.getAttribute("data-left").replace("{count}", left);
    if (line.textContent !== text) line.textContent = text;
    line.hidden = text === "";
    var status = form.querySelector("[data-chars-left-status]");
    clearTimeout(heardLater);
    if (status && status.textContent !== text) {
      heardLater = setTimeout(function () { status.textContent = text; }, PAUSE_MS);
    }
  }
  function countIfBox(event) {
    var box = event.target;
    if (box && box.tagName === "TEXTAREA" && box.hasAttribute("maxlength")) countLeft(box);
  }
  document.addEventListener("input", countIfBox);
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.form && box.form.hasAttribute("data-draft")) keepDraft(box);
  });
  var restoreLater = false;
  new MutationObserver(function () {
    if (restoreLater) return;
    restoreLater = true;
    requestAnimationFrame(function () { restoreLater = false; restoreDrafts(); showStatus(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("focusin", countIfBox);

  /* The service worker (assets/sw.js) makes the app installable and shows offline.html without a network.
   * Registered here, not in an inline script: the Content-Security-Policy allows no inline script of ours. */
  function registerServiceWorker() {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
  if ("serviceWorker" in navigator) {
    if (document.readyState === "complete") registerServiceWorker();
    else window.addEventListener("load", registerServiceWorker);
  }

  /* Her copies offline (assets/sw.js keeps them for the person logged in: crisis plan, home, workbook): the login
   * and activation pages drop them all (the next person to log in never finds the last one's words); her home
   * and her workbook fetch fresh copies when they load and when she leaves them (the app moves between its pages
   * without loading them), so they open without a network as they were at her last visit. */
  var HER_CACHE = "minvej-crisis-plan"; /* sw.js HER_CACHE: her crisis plan, home and workbook */
  var COPIES_FROM = { "/borger": ["/kriseplan", "/uden-net/forside", "/uden-net/arbejdsbog"],
                      "/arbejdsbog": ["/uden-net/forside", "/uden-net/arbejdsbog"] };
  function herPath() { return location.pathname.replace(/\/+$/, "") || "/"; }
  function refreshCopies() {
    var copies = COPIES_FROM[herPath()];
    if (!copies || !navigator.onLine || !navigator.serviceWorker || !navigator.serviceWorker.controller) return;
    copies.forEach(function (path) { fetch(path, { credentials: "same-origin" }).catch(function () {}); });
  }
  if (navigator.onLine && window.caches) {
    if (herPath() === "/" || herPath() === "/aktiver") {
      caches.delete(HER_CACHE).catch(function () {});
    } else if (COPIES_FROM[herPath()]) {
      if (navigator.serviceWorker && navigator.serviceWorker.controller) refreshCopies();
      else if (navigator.serviceWorker) navigator.serviceWorker.ready.then(function () {
        /* First visit: the worker takes this page over (clients.claim) a moment after it is ready. */
        setTimeout(refreshCopies, 500);
      });
    }
  }
  document.addEventListener("visibilitychange", function () { if (document.hidden) refreshCopies(); });
  window.addEventListener("pagehide", refreshCopies);

  window.addEventListener("online", function () { window.__minvejSlow = false; showStatus(); });
  window.addEventListener("offline", function () { outageTold = false; showStatus(); });
  setInterval(showStatus, 1000);
})();
