"""Reading what was made back, as a printer, a phone and a reader would, before it is trusted.

`sheets` checks card sheets and print-shop pages (every card's words, where the cuts
are, backs behind their fronts); `booklet` checks a booklet's pages in reading order;
`readback` reads a PDF's text with positions; `reading_order` puts read-back runs in
the order a person reads them, right to left included.
"""
