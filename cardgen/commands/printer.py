"""Commands that fit cardgen to the printer and the paper: calibrate and stocks.

Measure how far the printer puts the back of a sheet off the front (calibrate), and list
the perforated card stocks cardgen can print on (stocks).
"""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.choices import FLIPS, PAPERS
from cardgen.commands.settings import merged
from cardgen.errors import CardgenError


@click.command()
@click.option("--paper", type=click.Choice(tuple(PAPERS), case_sensitive=False),
              help="The paper you print cards on.  [default: letter, or cardgen.yaml's]")
@click.option("--duplex", type=click.Choice(FLIPS),
              help="The edge your printer flips on.  [default: long, or cardgen.yaml's]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("output/calibration.pdf"), show_default=True, help="Where to write it.")
def calibrate(paper, duplex, output) -> None:
    """Write a two-page sheet that measures your printer's duplex error.

    Print it two-sided at actual size, hold it to the light, and read how far
    the back is off. The sheet says which --back-offset to use; save it in
    cardgen.yaml as `back_offset: DX,DY` so every build uses it.

    \b
    Example:
      cardgen calibrate --paper a4 --duplex long
    """
    from cardgen.layout.sizes import parse_paper
    from cardgen.products.options import load_config
    from cardgen.products.output import write_file
    from cardgen.render.calibration import calibration_pdf

    options = merged(load_config(Path.cwd()), paper=paper, duplex=duplex)
    flip = options.duplex if options.duplex != "none" else "long"
    write_file(output, calibration_pdf(parse_paper(options.paper), flip))
    click.echo(f"wrote {output}: print it two-sided (flip on {flip} edge) at actual size (100 %)")



@click.command()
@click.option("--stock-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE.xml", help="List the card templates in this gLabels file instead.")
def stocks(stock_file: Path | None) -> None:
    """List the perforated card stocks cardgen can print on.

    Each stock's name (for --stock), its paper, its card size and how many
    cards a sheet holds. Any rectangle template of gLabels works too: give
    its file with --stock-file.

    \b
    Examples:
      cardgen stocks
      cardgen stocks --stock-file /usr/share/libglabels-3.0/templates/avery-us-templates.xml
      cardgen build --stock avery-5371
    """
    from cardgen.layout.stock import BUNDLED

    if stock_file is None:
        found = list(BUNDLED)
    else:
        from cardgen.layout.glabels import stocks_in

        found = stocks_in(stock_file, str(stock_file))
        if not found:
            raise CardgenError(f"{stock_file} has no rectangle template cardgen can print on")
    rows = [("name", "paper", "card", "per sheet")] + [
        (s.name, s.paper_name, s.card_text, str(s.per_sheet)) for s in found]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    if stock_file is None:
        import textwrap

        click.echo("\nThe same stock under other part numbers (either name works):")
        for stock in found:
            if stock.aliases:
                click.echo(textwrap.fill(", ".join(stock.aliases), 79,
                                         initial_indent=f"  {stock.name}: ",
                                         subsequent_indent="    "))

