"""Allow ``python -m briefing_tui`` as well as the ``briefing-tui`` script."""

from briefing_tui.cli import main

raise SystemExit(main())
