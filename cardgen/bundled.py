"""What ships with cardgen: its own fonts and decks, and its version."""

from __future__ import annotations

from pathlib import Path

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


def version() -> str:
    """cardgen's version, as installed; "0+checkout" when run from a checkout not installed."""
    from importlib import metadata  # 20 ms to import: a build that never shows it never pays

    try:
        return metadata.version("cardgen")
    except metadata.PackageNotFoundError:
        return "0+checkout"
