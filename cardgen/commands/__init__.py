"""The `cardgen` commands, one module for each thing a deck writer does.

`writing` starts and checks a deck (new, validate, lint, schema); `building` prints it
(build, and --watch); `seeing` shows it before it is printed (preview, serve); `printer`
fits cardgen to the printer and the paper (calibrate, stocks); `translating` keeps a
translation in step with its source (translate start, status, done, export, import).
What the commands share: `errors` turns what goes wrong into a message and an exit
code, in one place; `settings` puts the command line's values over cardgen.yaml's;
`params` checks option values; `report` words what was done. `cardgen/cli.py` gathers
the commands into the program.

Each command imports the library it calls inside its own function: `cardgen --help`
and a mistyped option then load none of ReportLab, HarfBuzz or the deck format.
"""
