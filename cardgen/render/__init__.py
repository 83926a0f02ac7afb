"""Drawing with ReportLab: text blocks, card faces, sheets and booklet pages."""
