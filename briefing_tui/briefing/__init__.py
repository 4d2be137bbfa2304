"""Briefing notes: document model, narrative, Rich rendering and export (the briefing issue)."""
