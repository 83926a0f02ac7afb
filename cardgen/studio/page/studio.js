// The cardgen studio page: shows each view the server pushes, and edits and saves the deck.
//
// Nothing anyone types is lost: unsaved text is kept in this browser's storage until it
// is saved, the status and the page's title say so, the page asks before closing with
// unsaved text, and a save over a file that changed on disk is refused by the server and
// shown side by side, to take lines from either (merge.js) and save again.
//
// A deck kept in a spreadsheet (data-kept "sheet", or "published" for a sheet on the web)
// has no editor: the page shows it, says where it is edited, and asks for it to be read
// again with a button (the server refuses a save).
"use strict";

(() => {
  const base = document.body.dataset.base;
  const token = document.querySelector('meta[name="cardgen-token"]').content;
  const draftKey = "cardgen-studio-draft:" + base;
  const $ = (id) => document.getElementById(id);
  const source = $("source");
  const gutter = $("gutter");
  const title = document.title;
  const kept = document.body.dataset.kept;
  const editing = kept === "text";
  // What the cards show, said in the status line.
  const follows = {
    text: "The cards show the file on disk, as in the editor.",
    sheet: "The cards show the spreadsheet as last saved.",
    published: "The cards show the sheet as last read.",
  }[kept];
  const lastGood = kept === "published" ? "reading" : "save";

  let view = null; // the latest view from the server
  let saved = { digest: null, text: null }; // the file version the editor's text comes from
  let conflict = null; // the server's answer to a refused save
  let merge = null; // its changes laid out side by side (merge.js)
  let tabLeaves = false; // after Esc, Tab moves focus out of the editor

  // --- the view pushed by the server ----------------------------------------

  const events = new EventSource(base + "events");
  events.addEventListener("view", (event) => show(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    if (events.readyState === EventSource.CLOSED) {
      // Refused, not lost (the browser gives up at once): cardgen serve follows a few pages only.
      status("cardgen serve has too many pages open to follow this one: close one, then reload "
        + "this page", "bad");
    } else {
      status("Lost touch with cardgen serve; trying again… (is it still running?)", "bad");
    }
  });

  function show(next) {
    view = next;
    window.cardgenVersion = next.version; // for tests: which view the page shows
    showStatus();
    showProblems();
    showCards();
    showBooklet();
    showDownloads();
    if (editing) {
      followDisk();
    } else if (reading) {
      reading = false;
      say($("read-status"), ["Done at ", clock(Date.now()), "."], "save-status");
    }
  }

  // Set a live region's words (strings and elements), only if they change: a screen reader
  // says them again each time they are set.
  function say(element, parts, className) {
    const words = parts.map((part) => (typeof part === "string" ? part : part.textContent));
    if (element.textContent !== words.join("")) element.replaceChildren(...parts);
    element.className = className;
  }

  function status(parts, kind) {
    say($("status"), [].concat(parts), "status" + (kind ? " " + kind : ""));
  }

  // A moment as the browser writes times (one format everywhere), with the date if it was
  // not today; a <time> element says it exactly.
  function clock(milliseconds) {
    const moment = new Date(milliseconds);
    const element = document.createElement("time");
    element.dateTime = moment.toISOString();
    const today = moment.toDateString() === new Date().toDateString();
    element.textContent = (today ? "" : moment.toLocaleDateString() + " ")
      + moment.toLocaleTimeString();
    return element;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function showStatus() {
    document.title = (dirty() ? "Not saved: " : "") + title;
    const made = view.made ? [" (made at ", clock(view.made * 1000), ")"] : [];
    if (dirty()) {
      status(["Edits not saved. The cards show the file on disk", ...made,
        ", not your typed text: save (Ctrl+S) to see your edits."], "unsaved");
    } else if (view.errors.length) {
      const cards = view.cards.length
        ? ": the cards shown are from the last " + lastGood + " that built"
        : ": the deck does not build";
      status(plural(view.errors.length, "error") + cards, "bad");
    } else if (view.pending) {
      status(["Cards up to date at ", clock(view.made * 1000), ": "
        + plural(view.cards.length, "card") + "; making the booklet…"], "good");
    } else {
      const found = view.lint.length + view.warnings.length;
      const lint = found ? ", " + plural(found, "thing") + " worth a look" : "";
      status(["Up to date at ", clock(view.made * 1000), ": "
        + plural(view.cards.length, "card") + ", " + plural(view.booklet.length, "booklet page")
        + lint + ". " + follows], "good");
    }
  }

  function showProblems() {
    const list = $("errors");
    list.replaceChildren(...view.errors.map(problemItem));
    $("problems").hidden = view.errors.length === 0;
    // Build warnings (as `cardgen build` prints them), then lint findings.
    const notes = view.warnings.map((warning) => ({
      text: view.deck + ": " + warning,
      file: null, line: null, column: null, quote: null, card: null,
    }));
    $("lint").replaceChildren(...notes.map(problemItem), ...view.lint.map(problemItem));
    $("findings").hidden = notes.length + view.lint.length === 0;
  }

  function problemItem(problem) {
    const item = document.createElement("li");
    const message = document.createElement("pre");
    message.className = "message";
    message.textContent = problem.text;
    item.append(message);
    if (problem.quote !== null && problem.line !== null) {
      // The line as it is in the file, with the character the message points at marked.
      const quote = document.createElement("pre");
      quote.className = "quote";
      const at = Math.max(0, (problem.column || 1) - 1);
      const number = document.createElement("span");
      number.className = "line-number";
      number.textContent = "line " + problem.line + ": ";
      const mark = document.createElement("mark");
      mark.textContent = problem.quote.slice(at, at + 1) || " ";
      quote.append(number, problem.quote.slice(0, at), mark, problem.quote.slice(at + 1));
      item.append(quote);
    }
    const actions = [];
    if (editing && problem.line !== null && problem.file === view.deck) {
      const go = document.createElement("button");
      go.type = "button";
      go.className = "link-button";
      go.textContent = "Show line " + problem.line + " in the editor";
      go.addEventListener("click", () => goToLine(problem.line, problem.column || 1));
      actions.push(go);
    }
    if (problem.card) {
      const link = document.createElement("a");
      link.href = "#" + problem.card;
      link.textContent = "See the card";
      link.addEventListener("click", () => flash(problem.card));
      actions.push(link);
    }
    for (const action of actions) {
      item.append(" ", action);
    }
    return item;
  }

  function flash(anchor) {
    const card = document.getElementById(anchor);
    if (!card) return;
    card.classList.add("flash");
    setTimeout(() => card.classList.remove("flash"), 2000);
  }

  function picture(name) {
    return base + "picture/" + name + ".png";
  }

  // Cards are updated in place, one list item per card, so the page keeps its scroll
  // position and only pictures whose names changed are fetched again.
  function showCards() {
    const list = $("cards");
    const [width, height] = view.card_px;
    while (list.children.length > view.cards.length) list.lastElementChild.remove();
    view.cards.forEach((card, index) => {
      let item = list.children[index];
      if (!item) {
        item = newCard();
        list.append(item);
      }
      item.id = card.anchor;
      item.querySelector("figure").style.maxWidth = 2 * width + 8 + "px";
      setPicture(item.querySelector(".front"), picture(card.front), width, height);
      setPicture(item.querySelector(".back"), picture(card.back), width, height);
      const name = card.number ? "Card " + card.number : card.label;
      item.querySelector(".number").textContent = name;
      item.querySelector(".kind").textContent = card.number ? " · " + card.label : "";
      item.querySelector(".words").textContent = card.words;
      item.querySelector(".words").style.maxWidth = width + "px";
    });
    list.classList.toggle("stale-cards", view.cards_stale && view.errors.length > 0);
    if (view.cards_stale && view.cards.length === 0) {
      staleNote($("cards-stale"), true, "No cards yet: the deck has not built since cardgen serve "
        + "started. Fix the errors above to see them.");
    } else {
      staleNote($("cards-stale"), view.cards_stale, ["Out of date: these are the cards of the "
        + "last save that built (made at ", clock(view.made * 1000), "). Fix the errors above to "
        + "see your changes."]);
    }
  }

  function newCard() {
    const item = document.createElement("li");
    item.className = "card";
    item.innerHTML = '<figure><div class="faces">'
      + '<img class="front" alt=""><img class="back" alt=""></div>'
      + '<figcaption><span class="number"></span><span class="kind"></span>'
      + '<p class="words"></p></figcaption></figure>';
    return item;
  }

  function setPicture(image, address, width, height) {
    if (image.getAttribute("src") !== address) image.setAttribute("src", address);
    image.width = width;
    image.height = height;
  }

  function staleNote(element, stale, parts) {
    element.hidden = !stale;
    element.replaceChildren(...(stale ? [].concat(parts) : []));
  }

  function showBooklet() {
    const list = $("booklet");
    const [width, height] = view.page_px;
    while (list.children.length > view.booklet.length) list.lastElementChild.remove();
    view.booklet.forEach((page, index) => {
      let item = list.children[index];
      if (!item) {
        item = document.createElement("li");
        item.className = "page";
        item.innerHTML = "<figure><img><figcaption></figcaption></figure>";
        list.append(item);
      }
      const image = item.querySelector("img");
      setPicture(image, picture(page.picture), width, height);
      image.alt = "Page " + page.number + (page.words ? ": " + page.words : ", blank");
      item.querySelector("figcaption").textContent = "Page " + page.number;
    });
    staleNote($("booklet-stale"), view.booklet_stale && view.booklet.length > 0,
      "Out of date: the booklet of the last save that built.");
  }

  function showDownloads() {
    for (const link of document.querySelectorAll(".downloads a[data-format]")) {
      const format = link.dataset.format;
      if (view.errors.length) {
        link.removeAttribute("href");
        link.setAttribute("aria-disabled", "true");
        link.title = "Fix the errors first";
      } else {
        link.href = base + "download/" + format;
        link.removeAttribute("aria-disabled");
        link.removeAttribute("title");
      }
    }
  }

  // --- the editor -------------------------------------------------------------

  function dirty() {
    return saved.text !== null && source.value !== saved.text;
  }

  // A text as the editor holds it: a text box reads every CRLF as LF (a save puts the
  // file's own line ends back), so a CRLF file would otherwise never look saved.
  function lf(text) {
    return text === null ? null : text.replace(/\r\n/g, "\n");
  }

  // The file on disk changed (or this is the first view): show it, unless the
  // editor holds unsaved text, which always wins until it is saved or given up.
  function followDisk() {
    if (view.text === null) {
      // Keep whatever the editor holds: saving it puts the file back.
      source.disabled = saved.text === null;
      saveStatus("The deck file is missing or is not UTF-8 text. "
        + (source.disabled ? "" : "Save writes the text here in its place."), true);
      return;
    }
    source.disabled = false;
    if (saved.text === null) {
      const draft = readDraft();
      if (draft && draft.text !== lf(view.text)) {
        saved = { digest: draft.digest, text: draft.savedText };
        replaceText(draft.text);
        saveStatus(["Your unsaved edits from ", clock(draft.time),
          " are back. Save them, or undo them."], false);
        edited();
        return;
      }
      clearDraft();
    }
    if (!dirty() && view.digest !== saved.digest) {
      saved = { digest: view.digest, text: lf(view.text) };
      replaceText(saved.text);
      edited();
    } else if (dirty() && view.digest !== saved.digest) {
      if (conflict && view.digest === conflict.digest) return; // the version shown above
      saveStatus(conflict ? "The file changed on disk again since the changes above were "
        + "shown: Save merged will show the new ones." : "The file changed on disk while you "
        + "were editing. Your text is kept; Save will show you what changed.", true);
    }
  }

  function replaceText(text) {
    if (source.value === text) return;
    const { selectionStart, selectionEnd, scrollTop, scrollLeft } = source;
    source.value = text;
    source.setSelectionRange(Math.min(selectionStart, text.length),
      Math.min(selectionEnd, text.length));
    source.scrollTop = scrollTop;
    source.scrollLeft = scrollLeft;
  }

  function edited() {
    numberLines();
    if (view) showStatus();
    $("save").disabled = !dirty();
    if (dirty()) {
      writeDraft();
    } else {
      clearDraft();
    }
  }

  function readDraft() {
    try {
      return JSON.parse(localStorage.getItem(draftKey));
    } catch (error) {
      return null;
    }
  }

  function writeDraft() {
    try {
      localStorage.setItem(draftKey, JSON.stringify({
        text: source.value, digest: saved.digest, savedText: saved.text, time: Date.now(),
      }));
    } catch (error) {
      saveStatus("This browser will not keep your unsaved text; save soon.", true);
    }
  }

  function clearDraft() {
    try {
      localStorage.removeItem(draftKey);
    } catch (error) {
      // storage is off: there is no draft to clear
    }
  }

  function saveStatus(parts, bad) {
    say($("save-status"), [].concat(parts), "save-status" + (bad ? " bad" : ""));
  }

  // Long lines wrap, so each number in the gutter is as tall as its line's rows: a hidden
  // copy of the text, as wide as the editor's, is measured line by line.
  const measure = document.createElement("div");
  measure.className = "measure";
  measure.setAttribute("aria-hidden", "true");
  if (editing) source.parentElement.append(measure);

  function numberLines() {
    const lines = source.value.split("\n");
    const style = getComputedStyle(source);
    measure.style.width = source.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight) + "px";
    while (measure.children.length > lines.length) measure.lastElementChild.remove();
    while (gutter.children.length > lines.length) gutter.lastElementChild.remove();
    lines.forEach((line, index) => {
      const copy = measure.children[index] || measure.appendChild(document.createElement("div"));
      const text = line || "\u200b"; // an empty line is still a row tall
      if (copy.textContent !== text) copy.textContent = text;
      if (!gutter.children[index]) {
        gutter.appendChild(document.createElement("div")).textContent = String(index + 1);
      }
    });
    // All written, then all read: the page is laid out once.
    const heights = [...measure.children].map((copy) => copy.getBoundingClientRect().height);
    heights.forEach((height, index) => { gutter.children[index].style.height = height + "px"; });
    gutter.scrollTop = source.scrollTop;
  }

  function insertAtCaret(text) {
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      source.setRangeText(text, source.selectionStart, source.selectionEnd, "end");
      edited();
    }
  }

  function goToLine(line, column) {
    const lines = source.value.split("\n");
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    source.focus();
    source.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 20;
    const number = gutter.children[Math.min(line, gutter.children.length) - 1];
    source.scrollTop = Math.max(0, (number ? number.offsetTop : 0) - 2 * lineHeight);
    gutter.scrollTop = source.scrollTop;
  }

  if (editing) startEditor();

  // The editor's keys and buttons (a spreadsheet's page has none).
  function startEditor() {
    source.addEventListener("input", () => {
      if (conflict) {
        // The changes shown are of the text before this edit: compare again on the next save.
        closeConflict();
        saveStatus("You edited your text: Save again to compare it with the file on disk.", true);
      }
      edited();
    });
    new ResizeObserver(numberLines).observe(source);
    document.fonts.ready.then(numberLines);
    source.addEventListener("scroll", () => { gutter.scrollTop = source.scrollTop; });
    source.addEventListener("keydown", (event) => {
      const plain = !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey;
      if (event.key === "Escape") {
        tabLeaves = true;
        return;
      }
      if (event.key === "Tab" && plain && !tabLeaves) {
        event.preventDefault();
        insertAtCaret("  ");
        return;
      }
      if (event.key !== "Tab" && event.key !== "Shift") tabLeaves = false;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        save(saved.digest);
      }
    });
    source.addEventListener("blur", () => { tabLeaves = false; });
    $("save").addEventListener("click", () => save(saved.digest));
  }

  // A spreadsheet is looked at again (a published sheet read again) when asked; the server
  // answers with the next view on the event stream.
  let reading = false;
  if (!editing) {
    $("read-again").addEventListener("click", async () => {
      say($("read-status"), [kept === "published" ? "Reading the sheet…" : "Reading the file…"],
        "save-status");
      reading = true;
      try {
        const answer = await fetch(base + "read", {
          method: "POST", headers: { "X-Cardgen-Token": token },
        });
        if (!answer.ok) throw new Error((await answer.json()).error);
      } catch (error) {
        reading = false;
        say($("read-status"), ["Not read: " + (error.message || "cardgen serve did not answer")],
          "save-status bad");
      }
    });
  }

  window.addEventListener("beforeunload", (event) => {
    if (dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- saving -----------------------------------------------------------------

  async function save(over) {
    if (!dirty() || saved.digest === null) return;
    const text = source.value;
    $("save").disabled = true;
    saveStatus("Saving…", false);
    let answer;
    let body;
    try {
      answer = await fetch(base + "save", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Cardgen-Token": token },
        body: JSON.stringify({ text, base: over }),
      });
      body = await answer.json();
    } catch (error) {
      saveStatus("Not saved: cardgen serve did not answer. Your text is kept in this browser.",
        true);
      edited();
      return;
    }
    if (answer.ok) {
      saved = { digest: body.digest, text };
      closeConflict();
      saveStatus(["Saved at ", clock(Date.now()), ". The version before is in "
        + body.backup + "."], false);
    } else if (answer.status === 409 && body.conflict) {
      const again = conflict !== null;
      conflict = body;
      showConflict();
      saveStatus(again ? "Not saved: the file changed on disk again while you chose. "
        + "See above the editor." : "Not saved: the file changed on disk. See above the editor.",
      true);
    } else {
      saveStatus("Not saved: " + (body.error || answer.statusText), true);
    }
    edited();
  }

  function showConflict() {
    const text = conflict.pieces !== null;
    $("merge").hidden = !text;
    $("save-merged").hidden = !text;
    $("not-text").hidden = text;
    $("take-disk").hidden = !text;
    if (text) {
      merge = window.cardgenMerge.show($("merge-rows"), conflict.pieces, mergeStatus);
      $("merge-caption").textContent = "The " + plural(merge.count, "place")
        + " where the two versions differ";
      mergeStatus();
    }
    $("conflict").hidden = false;
    $("conflict").focus();
  }

  function mergeStatus(text) {
    const left = merge.left();
    say($("merge-status"), [text || (left ? "Choose whose lines to keep: " + left + " of "
      + plural(merge.count, "change") + " left." : "Every change chosen: Save merged saves "
      + "them.")], "save-status" + (text ? " bad" : ""));
  }

  function closeConflict() {
    conflict = null;
    merge = null;
    $("conflict").hidden = true;
    $("merge-rows").replaceChildren();
  }

  // The chosen lines become the editor's text, edited from the version on disk the merge
  // shows: Save sends that version, so a save made meanwhile is refused again, not lost.
  $("save-merged").addEventListener("click", () => {
    if (!conflict || !merge) return;
    const merged = merge.merged();
    if (merged === null) {
      mergeStatus("Choose whose lines to keep in every change first.");
      merge.firstLeft().focus();
      return;
    }
    saved = { digest: conflict.digest, text: lf(conflict.text) };
    replaceText(merged);
    edited();
    if (!dirty()) {
      closeConflict();
      saveStatus("Nothing to save: the lines you chose are the file on disk.", false);
      if (view) followDisk();
      return;
    }
    save(conflict.digest);
  });
  $("save-anyway").addEventListener("click", () => {
    // The writer has seen the file on disk: save over that version, which is kept as .bak.
    if (conflict) save(conflict.digest);
  });
  $("take-disk").addEventListener("click", () => {
    if (!conflict || conflict.text === null) return;
    const sure = "Replace your unsaved text with the file on disk? Your text will be lost.";
    if (!window.confirm(sure)) return;
    saved = { digest: conflict.digest, text: lf(conflict.text) };
    replaceText(saved.text);
    closeConflict();
    saveStatus("Showing the file on disk.", false);
    edited();
    if (view) followDisk();
  });

  $("show-backs").addEventListener("change", (event) => {
    $("cards").classList.toggle("show-backs", event.target.checked);
  });
})();
