"""briefing-tui: Corporate Parenting Panel briefings from the SSDA903 return."""

__version__ = "0.1.0"
