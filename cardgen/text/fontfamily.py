"""Which face of a user's font family sets each style: regular, bold, italic, bold italic.

An editor drops a family's files into fonts/ or names them with --font; each
style then comes from its own face, found by what the font says about itself
(its family name, OS/2 weight and italic bit), whatever the files are called.
A style the family lacks is set in its nearest face, and the build says so; bold set
in a face lighter than BOLD_WEIGHT is emboldened (text.registry.emboldened).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cardgen.errors import CardgenError
from cardgen.text.fontfile import FaceInfo, FontFile

STYLES = ("regular", "bold", "italic", "bolditalic")
BOLD = frozenset({"bold", "bolditalic"})
BOLD_WEIGHT = 600  # the OS/2 weight from which a face is bold (semibold and heavier)
_WORDS = {"regular": "regular", "bold": "bold", "italic": "italic", "bolditalic": "bold italic"}

# Where a missing style is borrowed from, nearest first. Emphasis inside bold text
# keeps its slant rather than its weight, so bold italic borrows the italic first.
_BORROW = {
    "regular": ("bold", "italic", "bolditalic"),
    "bold": ("regular", "bolditalic", "italic"),
    "italic": ("regular", "bolditalic", "bold"),
    "bolditalic": ("italic", "bold", "regular"),
}


@dataclass(frozen=True)
class Member:
    """One face of one font file."""

    font: FontFile
    face: FaceInfo

    @property
    def key(self) -> tuple[str, int]:
        """What makes the face this face: the file's contents and its place in the file."""
        return (self.font.digest, self.face.index)


@dataclass(frozen=True)
class Family:
    """A user's font family with a face for each of STYLES, in that order."""

    name: str
    styles: tuple[Member, Member, Member, Member]
    note: str | None  # what the build should tell the user, once: which styles are borrowed
    members: tuple[Member, ...]  # every face of it that was given, used or not


def pick_faces(font: FontFile, wanted: str | None) -> list[FaceInfo]:
    """The faces of `font` to use: those named `wanted` (a family, full or PostScript
    name, or a number counting from 0), or else the first face and the rest of its family."""
    if wanted is None:
        first = font.faces[0]
        return [face for face in font.faces if face.family == first.family]
    if wanted.isdigit() and int(wanted) < len(font.faces):
        return [font.faces[int(wanted)]]
    chosen = [face for face in font.faces
              if wanted.casefold() in (name.casefold() for name in face.names)]
    if not chosen:
        faces = ", ".join(f"{face.label} (#{face.index})" for face in font.faces)
        raise CardgenError(f"{font.shown}: no face named {wanted!r}; it has {faces}")
    return chosen


def families(members: Sequence[Member]) -> list[Family]:
    """`members` grouped by family, in the order each family first appears."""
    groups: dict[str, list[Member]] = {}
    for member in members:
        group = groups.setdefault(member.face.family.casefold(), [])
        if all(member.key != other.key for other in group):
            group.append(member)
    return [_family(group) for group in groups.values()]


def one_family(members: Sequence[Member], folder: str) -> None:
    """Raise CardgenError when the faces in `folder` are more than one family: the
    folder has no order, so cardgen could not tell which one comes first."""
    found = families(members)
    if len(found) > 1:
        named = " and ".join(f"{family.name} ({_files(family)})" for family in found[:2])
        raise CardgenError(
            f"{folder} holds more than one font family: {named}; keep one family there and "
            "name any other with --font FILE or `font:` in cardgen.yaml, in the order to try them")


def _family(group: list[Member]) -> Family:
    chosen: dict[str, Member | None] = {}
    upright = [m for m in group if not m.face.italic]
    slanted = [m for m in group if m.face.italic]
    chosen["regular"] = _nearest(upright, 400, None)
    chosen["bold"] = _nearest([m for m in upright if m is not chosen["regular"]], 700,
                              BOLD_WEIGHT)
    chosen["italic"] = _nearest(slanted, 400, None, below=600)
    chosen["bolditalic"] = _nearest([m for m in slanted if m is not chosen["italic"]], 700,
                                    BOLD_WEIGHT)
    borrowed, styles = [], {}
    for style in STYLES:
        source = next(s for s in (style, *_BORROW[style]) if chosen[s] is not None)
        if source != style:
            borrowed.append((style, source))
        member = chosen[source]
        assert member is not None  # a group has at least one face, so some style has one
        styles[style] = member
    name = group[0].face.family
    regular, bold, italic, bolditalic = (styles[s] for s in STYLES)
    return Family(name, (regular, bold, italic, bolditalic), _note(name, group, borrowed, styles),
                  tuple(group))


def _nearest(members: list[Member], weight: int, least: int | None,
             below: int | None = None) -> Member | None:
    """The member whose weight is nearest `weight` (at least `least`, under `below`);
    two equally near faces of the same weight are a question only the user can answer."""
    fitting = [m for m in members if (least is None or m.face.weight >= least)
               and (below is None or m.face.weight < below)]
    if not fitting:
        return None
    # Normal width first: "DejaVu Sans Condensed" is in the family "DejaVu Sans" too.
    fitting.sort(key=lambda m: (abs(m.face.width - 5), abs(m.face.weight - weight), m.face.weight))
    best = fitting[0]
    twins = [m for m in fitting[1:]
             if (m.face.weight, m.face.width) == (best.face.weight, best.face.width)]
    if twins:
        raise CardgenError(
            f"{best.font.shown} and {twins[0].font.shown} are both {best.face.label}; "
            "keep one of them")
    return best


def _note(name: str, group: list[Member], borrowed: list[tuple[str, str]],
          styles: dict[str, Member]) -> str | None:
    if not borrowed:
        return None
    if len({m.key for m in styles.values()}) == 1:
        only = styles["regular"]
        how = ("bold and italic text are set in it too" if only.face.weight >= BOLD_WEIGHT
               else "bold text is set in it emboldened, and italic text upright")
        return (f"{only.font.shown}: {only.face.label} is the only face of {name} given, so "
                f"{how}; give the family's other files, if it has them, to set those apart")
    missing = " or ".join(_WORDS[style] for style, _ in borrowed)
    uses = ", ".join(f"{_WORDS[style]} text in {styles[style].face.label}"
                     + (" emboldened" if style in BOLD and styles[style].face.weight < BOLD_WEIGHT
                        else "")
                     for style, _ in borrowed)
    return f"{name} has no {missing} face ({_files_of(group)}): cardgen sets {uses}"


def _files(family: Family) -> str:
    return _files_of(family.members)


def _files_of(members: Sequence[Member], most: int = 3) -> str:
    """The files of `members`, at most `most` of them by name: a family may have dozens."""
    files = list(dict.fromkeys(m.font.shown for m in members))
    if len(files) > most + 1:
        return ", ".join(files[:most]) + f" and {len(files) - most} more"
    return ", ".join(files)
