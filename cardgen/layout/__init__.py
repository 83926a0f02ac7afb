"""Pure geometry in PDF points: paper and card sizes, sheet slots, duplex, booklet plans.

Also where the duplex calibration sheet puts its scales (calibration.py).
"""
