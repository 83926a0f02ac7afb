"""cardgen's tests, one folder per stage of the pipeline, as the package is laid out (README.md)."""
