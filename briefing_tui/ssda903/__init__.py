"""The SSDA903 return itself: table layouts, code lists by year, reading files, rules.

Nothing here knows about DuckDB or the screen; it describes the return as the DfE defines it.
"""
