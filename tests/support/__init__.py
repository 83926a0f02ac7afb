"""The tests' helpers, imported as `support.NAME` (pytest puts tests/ on the path): reading
PDFs back (pdfread), test fonts (fontmaker), headless Chromium (browser), a running studio
(studiokit), the CJK font (cjk), where the repository's things are (paths) and the
machine-checkable conditions of PDF/UA-1 (pdfua)."""
