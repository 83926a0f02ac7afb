"""cardgen: print-ready conversation card decks and pocket booklets from YAML."""

__version__ = "0.1.0"
