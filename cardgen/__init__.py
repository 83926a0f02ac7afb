"""cardgen: print-ready conversation card decks and pocket booklets from YAML.

As a library:

    import cardgen

    products = cardgen.build("decks/my-deck.yaml", cardgen.BuildOptions(paper="a4"))
    for product in products.products:
        print(product.name, product.pages, product.note)   # bytes in product.data
    products.write(Path("output"))                         # all files together, or none

`build` raises `cardgen.CardgenError` (with `DeckError`s naming file, line and column)
for anything the user can fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cardgen.products.build import Products
    from cardgen.products.options import BuildOptions


def build(deck: str | Path, options: BuildOptions | None = None,
          fonts: tuple[Path, ...] = ()) -> Products:
    """Make every product `options` asks for from the deck file at `deck`, in memory.

    `fonts` are extra font files tried after those the options name. Nothing is
    written: call `.write(folder)` on the result.
    """
    from cardgen.products.build import make
    from cardgen.products.options import BuildOptions

    return make(Path(deck), options or BuildOptions(), str(deck), tuple(fonts))


def run() -> None:
    """The `cardgen` program (its console script and `python -m cardgen`).

    Loading the commands takes a tenth of a second; Ctrl+C in it ends the program as
    Ctrl+C anywhere else does (exit 130, no traceback), not with Python's traceback.
    """
    try:
        from cardgen.cli import main
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    main()


def __getattr__(name: str):
    # The public names, imported on first use so `cardgen --help` stays quick.
    if name == "__version__":
        from cardgen.bundled import version
        return version()
    if name == "BuildOptions":
        from cardgen.products.options import BuildOptions
        return BuildOptions
    if name in ("CardgenError", "DeckError", "DeckErrors"):
        from cardgen import errors
        return getattr(errors, name)
    if name == "Product":
        from cardgen.products.job import Product
        return Product
    if name == "Products":
        from cardgen.products.build import Products
        return Products
    raise AttributeError(f"module 'cardgen' has no attribute {name!r}")
