"""Tests of cardgen/products/: a build's products made in memory and written together, or none;
the screen edition (cardgen/products/html/) in test_html.py and test_html_browser.py."""
