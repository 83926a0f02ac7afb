"""How a command fails: user mistakes and what the system refuses become one line and exit 1.

User mistakes arrive as CardgenError and leave as a message on stderr with exit code 1,
in one place: `Commands.invoke`, which does the same for what the system refuses (a full
disk, a deleted folder). Bad option values are Click's usage errors (exit code 2).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from cardgen.commands.settings import setting_problem
from cardgen.errors import CardgenError, DeckError, DeckErrors, SettingError


class Commands(click.Group):
    """A command group that turns user errors, and what the system refused, into messages
    and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SettingError as error:
            click.echo(str(setting_problem(error, ctx.meta)), err=True)
            ctx.exit(1)
        except CardgenError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # a reader that stopped early (`| head`): Click exits quietly
            click.echo(system_message(error), err=True)
            ctx.exit(1)


class DeckProblems:
    """The mistakes found deck by deck, kept so that every deck is tried and all are told
    together. `named`: the decks were named on the command line (else every decks/*.yaml,
    where a deck this machine has no font for is skipped with a note, on stderr when
    `skipped_on_stderr`); `meta`: the command's, to say a setting where it was set."""

    def __init__(self, named: bool, meta: dict, skipped_on_stderr: bool = False):
        self.named = named
        self.meta = meta
        self.skipped_on_stderr = skipped_on_stderr
        self.errors: list[CardgenError] = []

    @contextmanager
    def deck(self) -> Iterator[None]:
        """Try one deck: what goes wrong is kept, and the rest of the block skipped."""
        from cardgen.text.glyphs import FontNeeded  # here: --help loads no text engine

        try:
            yield
        except DeckErrors as error:
            self.errors.extend(error.errors)
        except FontNeeded as error:
            if self.named:
                self.errors.append(error)
            else:  # every deck in decks/: those this machine can print, as `cardgen build` does
                click.echo(f"skipped {error}", err=self.skipped_on_stderr)
        except SettingError as error:
            self.errors.append(setting_problem(error, self.meta))
        except CardgenError as error:
            self.errors.append(error)

    def raise_any(self) -> None:
        """Raise what was found: every deck mistake in file order, or all in deck order."""
        located = [error for error in self.errors if isinstance(error, DeckError)]
        if self.errors and len(located) == len(self.errors):
            raise DeckErrors(located)
        if self.errors:
            raise CardgenError("\n".join(str(error) for error in self.errors))


def system_message(error: OSError) -> str:
    """A full disk, a deleted folder, a closed output: one line that says which and why.

    Errors in cardgen's own files are CardgenErrors with their names; what reaches
    here comes from the surroundings: standard output, the current folder, a file a
    library opened.
    """
    reason = error.strerror or str(error)
    stream = _failed_stream(error)
    if stream:
        return f"cannot write to {stream}: {reason}"
    try:
        os.getcwd()
    except OSError:
        return ("the current folder no longer exists (it was deleted or moved); "
                "go to a folder that exists and run cardgen again")
    if error.filename is not None:
        return f"{error.filename}: {reason}"
    return f"cardgen: {reason}"


def _failed_stream(error: OSError) -> str | None:
    """"standard output" when `error` was raised writing to it (everything cardgen prints
    goes through click.echo), else None. Whatever is left in its buffer is dropped, so
    Python does not fail again writing it at exit."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    frame = trace.tb_frame if trace else None
    if frame is None or frame.f_code is not click.echo.__code__:
        return None
    if frame.f_locals.get("err"):
        return "standard error"
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # not a real file (a test runner's): nothing is written at exit
    return "standard output"
