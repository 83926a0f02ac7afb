// "Draw a card": one card at a time from the deck below, at random without repeats,
// with filters, Previous and Next, keys, and each card announced to screen readers.
// Everything it shows comes from the cards already on the page; it fetches nothing.
(function () {
  "use strict";
  var section = document.getElementById("draw");
  if (!section) { return; }
  var words = JSON.parse(document.getElementById("screen-words").textContent);
  var cards = Array.prototype.slice.call(document.querySelectorAll("#deck .card[data-drawn]"));
  var stage = document.getElementById("stage");
  var live = document.getElementById("announce");
  var counter = document.getElementById("counter");
  var drawButton = document.getElementById("draw-button");
  var previous = document.getElementById("previous");
  var next = document.getElementById("next");
  var filters = section.querySelector(".filters");
  var rtl = document.documentElement.dir === "rtl";
  if (words.lang) { counter.lang = words.lang; }  // the page's own words, not the deck's
  var ENDS_SENTENCE = /[.!?:;\u2026\u00bb\u201d\u201c"'\u061f\u3002]$/;  // a line that ends a sentence

  var history = [];   // {card, n, total} in the order drawn
  var at = -1;        // the entry shown
  var drawn = {};     // card index -> true, since the last start over
  var finished = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }

  function checked(name) {
    var boxes = filters.querySelectorAll("input[name=" + name + "]:checked");
    return Array.prototype.map.call(boxes, function (box) { return box.value; });
  }

  // The cards the filters allow: a chosen kind, a chosen topic if any is chosen, and
  // no deeper than the level chosen (a card without a level is light, 1).
  function pool() {
    var kinds = checked("kind");
    var tags = checked("tag");
    var level = Number(checked("level")[0] || Infinity);
    var chosen = [];
    cards.forEach(function (card, index) {
      var cardTags = JSON.parse(card.getAttribute("data-tags") || "[]");
      var tagged = !tags.length || tags.some(function (tag) { return cardTags.indexOf(tag) >= 0; });
      var light = Number(card.getAttribute("data-level") || 1) <= level;
      if (kinds.indexOf(card.getAttribute("data-kind")) >= 0 && tagged && light) {
        chosen.push(index);
      }
    });
    return chosen;
  }

  function say(text) {
    live.textContent = text;
  }

  function message(text) {
    stage.innerHTML = "";
    var p = document.createElement("p");
    p.className = "placeholder";
    if (words.lang) { p.lang = words.lang; }
    p.textContent = text;
    stage.appendChild(p);
    counter.textContent = "";
    say(text);
  }

  // What a screen reader hears: the kind's word, then the card's lines as sentences.
  // (The card's number is left out: "Card 3 of 20" already says where the draw is.)
  function spoken(card) {
    var lines = [card.querySelector(".label").textContent]
      .concat(card.querySelector(".card-body").innerText.split(/\n+/));
    return lines.map(function (line) { return line.trim(); })
      .filter(Boolean)
      .map(function (line) { return ENDS_SENTENCE.test(line) ? line : line + "."; })
      .join(" ");
  }

  function show(entry) {
    var copy = cards[entry.card].cloneNode(true);
    copy.removeAttribute("id");
    stage.innerHTML = "";
    stage.appendChild(copy);
    var position = fill(words.position, {n: entry.n, total: entry.total});
    counter.textContent = position;
    say(position + ". " + spoken(copy));
    setDisabled(previous, at <= 0);
    setDisabled(next, at >= history.length - 1);
  }

  function setDisabled(button, disabled) {
    button.setAttribute("aria-disabled", disabled ? "true" : "false");
  }

  function draw() {
    var chosen = pool();
    if (!chosen.length) { message(words.none); return; }
    var left = chosen.filter(function (index) { return !drawn[index]; });
    if (!left.length) {
      if (!finished) { finished = true; message(words.done); return; }
      chosen.forEach(function (index) { delete drawn[index]; });
      left = chosen;
    }
    finished = false;
    var card = left[Math.floor(Math.random() * left.length)];
    drawn[card] = true;
    var n = chosen.filter(function (index) { return drawn[index]; }).length;
    history.push({card: card, n: n, total: chosen.length});
    at = history.length - 1;
    show(history[at]);
  }

  function back() {
    if (at > 0) { at -= 1; show(history[at]); }
  }

  function forward() {
    if (at < history.length - 1) { at += 1; show(history[at]); } else { draw(); }
  }

  drawButton.addEventListener("click", draw);
  previous.addEventListener("click", back);
  next.addEventListener("click", function () {
    if (at < history.length - 1) { forward(); }
  });
  filters.addEventListener("change", function () {
    finished = false;
    var chosen = pool();
    say(chosen.length ? fill(words.pool, {total: chosen.length}) : words.none);
  });

  // Keys work anywhere in the draw section, and on the page itself (nothing focused),
  // but never in the filters' boxes or on a link or button's own Enter and Space.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (target !== document.body && !section.contains(target)) { return; }
    if (target.closest && target.closest(".filters")) { return; }
    var key = event.key;
    if (key === "ArrowLeft" || key === "ArrowRight") {
      ((key === "ArrowLeft") !== rtl ? back : forward)();
      event.preventDefault();
    } else if ((key === "Enter" || key === " ") && !/^(BUTTON|A)$/.test(target.tagName)) {
      draw();
      event.preventDefault();
    }
  });

  section.hidden = false;
}());
