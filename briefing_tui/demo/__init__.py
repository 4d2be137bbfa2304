"""A synthetic borough's SSDA903 returns, for demonstrations, tests and benchmarks.

Everything this package writes is made up: no real child's data is read, copied or reproduced.
Children's care histories are simulated from chance draws (``random.Random(seed)``) shaped to look
like a London borough's published figures (DOMAIN.md section 6), then each year's return is cut
from those histories the way a council's case system cuts its real 903 exports. A handful of
deliberate data-quality problems is added, because real exports have them and the importer must
take them (``dirt`` lists them; ``writer`` repeats the list in the output's README).

The same seed always gives byte-identical files. Pure standard library: the app's store and user
interface are never imported here, so the generator runs anywhere Python does.
"""

from __future__ import annotations

import datetime as dt

# The demo's identity is the council list's (briefing_tui.councils): one place for it.
from briefing_tui.councils import DEMO_CODE as DEMO_COUNCIL
from briefing_tui.councils import DEMO_NAME as DEMO_COUNCIL_NAME
from briefing_tui.councils import DEMO_POPULATION_UNDER_18, DEMO_REGION
from briefing_tui.demo.writer import write_councils, write_demo  # noqa: E402  (after the constants it uses)

# The demo's quarterly panel (data/demo-inyear): the year after its last complete one, at the end of
# that year's second quarter.
DEMO_IN_YEAR_TO = dt.date(2024, 9, 30)

__all__ = ["DEMO_COUNCIL", "DEMO_COUNCIL_NAME", "DEMO_IN_YEAR_TO", "DEMO_POPULATION_UNDER_18", "DEMO_REGION",
           "write_demo", "write_councils"]
