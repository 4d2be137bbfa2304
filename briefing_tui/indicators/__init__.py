"""Indicator definitions as SQL, periods, breakdowns and cohorts (built in the indicators issue)."""
