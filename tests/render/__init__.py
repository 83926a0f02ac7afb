"""Tests of cardgen/render/: card faces, sheets, booklet pages and the other PDFs, drawn and
read back."""
