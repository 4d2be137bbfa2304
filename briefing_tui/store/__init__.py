"""DuckDB: the schema, opening a database safely, and the import transaction.

Everything that speaks SQL to the stored returns lives here or in ``indicators``.
"""
