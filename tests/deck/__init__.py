"""Tests of cardgen/deck/: a deck file read and checked, its kinds, cards, theme and schema."""
