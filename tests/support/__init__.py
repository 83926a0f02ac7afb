"""The tests' helpers, imported as `support.NAME` (pytest puts tests/ on the path): reading
PDFs back (pdfread), test fonts (fontmaker), headless Chromium (browser), a running studio
(studiokit), the CJK font (cjk) and where the repository's things are (paths)."""
