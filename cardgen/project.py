"""Where things are: the decks a command works on, and the files bundled with cardgen."""

from __future__ import annotations

from pathlib import Path

from cardgen.errors import CardgenError

_HERE = Path(__file__).resolve().parent


def bundled(folder: str) -> Path:
    """A folder shipped with cardgen (`fonts`, `decks`).

    Installed, it sits inside the package as `bundled_<folder>`; in a checkout,
    it is the top-level folder beside the package.
    """
    for place in (_HERE / f"bundled_{folder}", _HERE.parent / folder):
        if place.is_dir():
            return place
    raise FileNotFoundError(f"cardgen's {folder}/ folder is missing; reinstall cardgen")


def deck_files(given: tuple[str, ...] | list[str], here: Path | None = None) -> list[tuple[Path, str]]:
    """The decks to work on, as (path, name to show in messages).

    Without arguments: every decks/*.yaml in the current folder, or, where there
    is no decks/ folder, the decks that come with cardgen.
    """
    if given:
        return [(Path(name), name) for name in given]
    here = here or Path.cwd()
    folder = here / "decks"
    if folder.is_dir():
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise CardgenError("decks/ has no .yaml files; give a deck file, or create one with "
                               "`cardgen new decks/my-deck.yaml`")
        return [(path, f"decks/{path.name}") for path in files]
    return [(path, str(path)) for path in sorted(bundled("decks").glob("*.yaml"))]


def user_fonts(here: Path) -> tuple[Path, ...]:
    """The .ttf files in a fonts/ folder beside decks/ (not cardgen's own fonts)."""
    folder = here / "fonts"
    if not folder.is_dir() or folder.resolve() == bundled("fonts").resolve():
        return ()
    return tuple(sorted(folder.glob("*.ttf")))
