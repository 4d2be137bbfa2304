"""Declarations of the indicators, one module per area of a panel's scrutiny.

Importing this package registers every indicator (see ``registry``). Definitions follow DOMAIN.md
section 3; where the DfE's method is silent or unconfirmed, the choice is written in the module.
"""

from briefing_tui.indicators.definitions import cla, health, leavers, stability, voice  # noqa: F401
