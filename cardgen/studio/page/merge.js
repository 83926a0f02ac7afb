// The merge of a refused save: where the file on disk (someone else's save) and the editor's
// text differ, side by side, each with a choice of whose lines to keep.
//
// The server cuts both texts into runs alike and differing (difflib, `saving.pieces`); this
// only lays them out and joins the chosen runs back into one text. Saving that text still
// goes through the server's check that the file is the version shown here.
"use strict";

window.cardgenMerge = (() => {
  const CONTEXT = 2; // unchanged lines shown above and below a change, to say where it is
  const SIDES = {
    theirs: { where: "on disk", pick: "Use theirs" },
    mine: { where: "in yours", pick: "Use mine" },
  };

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function hidden(text) {
    return element("span", "visually-hidden", text);
  }

  function span(first, count) {
    if (count === 0) return first > 1 ? "none, after line " + (first - 1) : "none, at the start";
    return count === 1 ? "line " + first : "lines " + first + "–" + (first + count - 1);
  }

  function line(number, text, differs) {
    const row = element("div", "line" + (differs ? " differs" : " context"));
    row.append(element("span", "num", String(number)));
    const words = text.replace(/\n$/, "");
    if (differs) {
      const mark = element("mark", "text");
      mark.append(hidden("differs: "), words);
      row.append(mark);
    } else {
      row.append(element("span", "text", words));
    }
    return row;
  }

  // One side's cell of a change: the lines around it, its own lines marked, and its choice.
  function cell(side, pieces, at, changeNumber) {
    const piece = pieces[at];
    const cellElement = element("td", "side " + side);
    const lines = element("div", "lines");
    const before = pieces[at - 1];
    if (before) {
      const shown = before[side].slice(-CONTEXT);
      const first = before[side + "_line"] + before[side].length - shown.length;
      shown.forEach((text, i) => lines.append(line(first + i, text, false)));
    }
    if (piece[side].length === 0) {
      lines.append(element("p", "none", "No lines here"));
    }
    piece[side].forEach((text, i) => lines.append(line(piece[side + "_line"] + i, text, true)));
    const after = pieces[at + 1];
    if (after) {
      after[side].slice(0, CONTEXT).forEach((text, i) => {
        lines.append(line(after[side + "_line"] + i, text, false));
      });
    }
    const label = element("label", "pick");
    const radio = element("input");
    radio.type = "radio";
    radio.name = "change-" + changeNumber;
    radio.value = side;
    label.append(radio, " " + SIDES[side].pick, hidden(" in change " + changeNumber));
    cellElement.append(lines, label);
    return cellElement;
  }

  // Lay out `pieces` as rows of `body`; `onPick` hears of every choice. Returns what the
  // page asks of the merge: the merged text (null until every change is chosen), and the
  // first change still to choose.
  function show(body, pieces, onPick) {
    const changes = pieces.map((piece, at) => (piece.same ? -1 : at)).filter((at) => at >= 0);
    body.replaceChildren(...changes.map((at, index) => {
      const piece = pieces[at];
      const number = index + 1;
      const row = element("tr", "change");
      const where = element("th", "where", "Change " + number + " of " + changes.length);
      where.scope = "row";
      where.append(element("span", "lines-where", span(piece.theirs_line, piece.theirs.length)
        + " on disk; " + span(piece.mine_line, piece.mine.length) + " in yours"));
      row.append(where, cell("theirs", pieces, at, number), cell("mine", pieces, at, number));
      row.addEventListener("change", () => {
        const chosen = row.querySelector("input:checked").value;
        row.querySelector(".theirs").classList.toggle("chosen", chosen === "theirs");
        row.querySelector(".mine").classList.toggle("chosen", chosen === "mine");
        onPick();
      });
      return row;
    }));
    const rows = [...body.rows];
    const choice = (row) => {
      const checked = row.querySelector("input:checked");
      return checked ? checked.value : null;
    };
    return {
      count: changes.length,
      left: () => rows.filter((row) => choice(row) === null).length,
      firstLeft: () => {
        const row = rows.find((each) => choice(each) === null);
        return row ? row.querySelector("input") : null;
      },
      merged: () => {
        if (rows.some((row) => choice(row) === null)) return null;
        let change = 0;
        return pieces.map((piece) => {
          if (piece.same) return piece.theirs.join("");
          return piece[choice(rows[change++])].join("");
        }).join("");
      },
    };
  }

  return { show };
})();
