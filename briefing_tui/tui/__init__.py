"""The Textual app: the only package that imports Textual (the panel app issue)."""
