"""A command's settings: cardgen.yaml's with the command line's over them, and where each was set.

Knowing where a value came from lets a setting that cannot work be said where the user
set it: on the command line (a usage error, exit code 2) or at its line in cardgen.yaml.
"""

from __future__ import annotations

import click

from cardgen.errors import CardgenError, DeckError, SettingError


def merged(config, **given):
    """cardgen.yaml's options with the command line's put over them. Which value came from
    where is kept in the command's context, for messages about a value that cannot work."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # None: called from a test or a thread of its own
        ctx.meta["cardgen.given"] = {key for key, value in given.items()
                                     if value not in (None, ())}
        ctx.meta["cardgen.config"] = config
        ctx.meta["cardgen.command"] = ctx
    return config.options.merged(**given)


def setting_problem(error: SettingError, meta: dict) -> CardgenError:
    """A setting that cannot work, said where it was set: a command-line value is a usage
    error (raised here, exit code 2); a cardgen.yaml value is a message at its line."""
    if error.setting in meta.get("cardgen.given", ()):
        option = "--" + error.setting.replace("_", "-")
        raise click.BadParameter(error.message, ctx=meta["cardgen.command"],
                                 param_hint=f"'{option}'")
    config = meta.get("cardgen.config")
    if config is not None and error.setting in config.spots:
        key, where = config.spots[error.setting]
        return DeckError(where, f"`{key}`: {error.message}")
    return error
