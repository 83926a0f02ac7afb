"""Tests of cardgen/verify/: reading what a build made back, and naming what went missing."""
