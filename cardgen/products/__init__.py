"""Making a deck's products in memory, and writing them all together or none.

`build` makes a deck's products from its options; `options` is what a build is asked
for (and cardgen.yaml's settings); `limits` refuses settings that cannot print before
anything is drawn; `output` writes every file of a build atomically. One module per
format makes it; `html/` is the screen edition.
"""
