"""The editor's studio: `cardgen serve` shows a deck in the browser, live, as it is written.

`server` listens for the browser, `routes` answers it, `live` keeps a deck's view
current as its files change, `view` makes what the page shows from the files,
`pictures` draws the cards and booklet pages, `saving` writes the page's edits
without losing any.
The page itself (HTML, CSS and script) is in page/.
"""
