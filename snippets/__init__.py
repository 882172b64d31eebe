"""Runnable examples for the pattern catalog, one module per pattern.

Modules live in one subpackage per part of the catalog, named after the
pattern's ID and slug (part07_resilience/p041_circuit_breaker.py). Each runs
its demo as a script, and the comments starting with `#>` under a print are
the output it must produce: the tests check them.
"""
