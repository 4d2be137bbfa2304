"""One module per screen of the drill stack: overview, indicator, cohort, child; and the dialogs."""
