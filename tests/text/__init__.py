"""Tests of cardgen/text/: fonts, scripts, shaping, measuring words, breaking lines and setting
blocks of text."""
