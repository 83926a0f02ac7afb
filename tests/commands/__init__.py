"""Tests of cardgen/commands/: each command as a user runs it, its messages and exit codes;
and the whole program fed fuzzed and broken input (test_fuzz.py, test_robust.py)."""
