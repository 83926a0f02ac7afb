"""Tests of cardgen/tools/: lint, preview pictures, rebuilding on save, and where a project's
decks and fonts are."""
