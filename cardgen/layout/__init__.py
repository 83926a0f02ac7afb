"""Pure geometry in PDF points: paper and card sizes, sheet slots, duplex, booklet plans."""
