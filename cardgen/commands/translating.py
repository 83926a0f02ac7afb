"""`cardgen translate`: keep a translation in step with the deck it translates.

start writes a translation (or adds the cards it lacks), status says what is left,
done records that cards match their source again, export and import carry a
translation to and from translators' tools as a gettext PO file.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from cardgen.commands.report import plural

_DECK = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def translate() -> None:
    """Translate a deck, card by card, and keep the translation in step.

    A translation names the deck it translates (`translation_of:`) and pairs
    its cards with the source's by `id`; each card's `translated:` says what
    it was translated from, so a change in the source shows which cards are
    out of date.

    \b
    Examples:
      cardgen translate start decks/harm-reduction.yaml --language es
      cardgen translate status decks/harm-reduction.es.yaml
      cardgen translate export decks/harm-reduction.es.yaml -o es.po
      cardgen translate import es.po
    """


@translate.command()
@click.argument("source", type=_DECK)
@click.option("--language", "-l", required=True, metavar="TAG",
              help="The translation's language, as a tag such as es, ar, zh or pt-BR.")
def start(source: Path, language: str) -> None:
    """Write SOURCE's translation beside it, ready to fill in.

    Writes SOURCE_STEM.LANGUAGE.yaml with every card and the deck's own words
    in place, each marked `translated: no`. Cards of SOURCE without an `id`
    get one first (their card number), written into SOURCE in place. If the
    translation is already there, only the cards it lacks are added.

    \b
    Example:
      cardgen translate start decks/harm-reduction.yaml --language es
    """
    from cardgen.deck.model import _LANGUAGE
    from cardgen.tools.translating import start as start_translation

    if not _LANGUAGE.match(language):
        raise click.BadParameter(f"{language!r} is not a language tag such as es, ar or pt-BR",
                                 param_hint="'--language'")
    done = start_translation(source, language, str(source))
    shown = os.path.join(os.path.dirname(str(source)), done.translation.name)
    if done.ids_given:
        click.echo(f"{source}: gave {plural(done.ids_given, 'card')} an id")
    if done.made:
        click.echo(f"wrote {shown}: every card marked `translated: no`")
    elif done.added:
        click.echo(f"{shown}: added {plural(len(done.added), 'card')} "
                   f"({', '.join(done.added)}), marked `translated: no`")
    else:
        click.echo(f"{shown}: has every card of {source}")


@translate.command()
@click.argument("translation", type=_DECK)
@click.pass_context
def status(ctx: click.Context, translation: Path) -> None:
    """List what is left to translate in TRANSLATION, at each card's line.

    Cards missing, not yet translated, out of date (the source changed since
    they were translated) and extra (no such id in the source), then a count.
    Exits with 0 when the translation is complete, 1 otherwise.

    \b
    Example:
      cardgen translate status decks/harm-reduction.es.yaml
    """
    from cardgen.errors import DeckErrors
    from cardgen.tools.translating import problem
    from cardgen.tools.translating import status as read_status

    shown = str(translation)
    doc, state = read_status(translation, shown)
    source = str(doc.deck.translation_of)
    found = [problem(standing, shown, os.path.relpath(source))
             for standing in state.standings if standing.state != "done"]
    for error in DeckErrors([*found, *state.unpaired]).errors:
        click.echo(str(error))
    done, total = state.count("done"), state.total
    if state.complete:
        click.echo(f"{shown}: all {total} translated (100%)")
        return
    counts = [(state.count("untranslated"), "not yet translated"),
              (state.count("outdated"), "out of date"),
              (state.count("missing") + len(state.unpaired), "missing"),
              (state.count("extra"), "extra")]
    click.echo(f"{shown}: {done} of {total} translated ({done * 100 // max(total, 1)}%); "
               + ", ".join(f"{count} {what}" for count, what in counts if count))
    ctx.exit(1)


@translate.command()
@click.argument("translation", type=_DECK)
@click.argument("ids", nargs=-1, metavar="[ID]...")
def done(translation: Path, ids: tuple[str, ...]) -> None:
    """Record that cards of TRANSLATION match their source again.

    Writes the source's current fingerprint in each named card's `translated:`
    (an ID, or deck.title, deck.intro, deck.labels.prompt ... for the deck's
    own words). With no ID, marks every card that is out of date; cards marked
    `translated: no` are only marked when named.

    \b
    Examples:
      cardgen translate done decks/harm-reduction.es.yaml 12 deck.title
      cardgen translate done decks/harm-reduction.es.yaml
    """
    from cardgen.tools.translating import mark_done

    shown = str(translation)
    marked, left = mark_done(translation, shown, ids)
    for standing in marked:
        click.echo(f"{standing.where}: {standing.name}: translated: {standing.mark}")
    click.echo(f"{shown}: marked {plural(len(marked), 'card')} as translated"
               + (f"; {left} still marked `translated: no`" if left else ""))


@translate.command(name="export")
@click.argument("translation", type=_DECK)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PO file to write, such as es.po.")
def export_po(translation: Path, output: Path) -> None:
    """Write TRANSLATION as a gettext PO file for translators' tools.

    One entry per text: the source's words, the translation's, the card's id
    and field as context; out-of-date cards are marked fuzzy.

    \b
    Example:
      cardgen translate export decks/harm-reduction.es.yaml -o es.po
    """
    from cardgen.tools.po import export

    texts, fuzzy = export(translation, str(translation), output)
    click.echo(f"wrote {output}: {plural(texts, 'text')}"
               + (f", {fuzzy} fuzzy (out of date)" if fuzzy else ""))


@translate.command(name="import")
@click.argument("po", type=_DECK)
def import_po(po: Path) -> None:
    """Write a PO file's translations back into the deck it names.

    Texts left empty stay untranslated; a card whose texts are all translated
    and none fuzzy is marked done; fuzzy ones are written but stay out of date.
    A PO whose ids do not match the deck is refused, at its line.

    \b
    Example:
      cardgen translate import es.po
    """
    from cardgen.tools.po import import_po as read_po

    done = read_po(po, str(po))
    click.echo(f"{os.path.relpath(done.translation)}: wrote {plural(done.texts, 'text')}; "
               f"{plural(done.done, 'card')} now translated"
               + (f", {done.fuzzy} still out of date or partly translated" if done.fuzzy else ""))
