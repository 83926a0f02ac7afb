"""Tests of cardgen/layout/: the geometry of card sheets, stocks, booklets, the tuck box and the
calibration sheet, in PDF points."""
