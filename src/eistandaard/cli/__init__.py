"""The ``ei`` command line: a thin layer over the library (parse options, run, exit code)."""
