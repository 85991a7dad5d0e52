"""Typed loaders of the standards shipped as data: catalog, rule registry, codes, code lists."""
