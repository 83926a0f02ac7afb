"""`python -m cardgen` runs the command line."""

from cardgen import run

run()
