"""The data-quality rules an import checks, with a plain description of each.

Findings are recorded, not refused: a panel tool that rejected every real export would be useless.
The rule ids here are what ``info`` and ``check`` group by, and what the store's checks tag rows
with; the DfE validator rule a check follows is named where there is one.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    "code": "a code not in that collection year's list (DfE rules 101-178, 1009)",
    "flag": "a 0/1 flag holding another value; stored as blank (rule 181)",
    "integer": "a whole number expected; stored as blank (rule 180)",
    "sdq-range": "an SDQ score outside 0-40 (rule 180)",
    "postcode": "a postcode not in a recognisable form",
    "dec-before-decom": "an episode that ends before it starts",
    "dec-without-rec": "an episode with an end date but no reason for ending",
    "rec-on-open-episode": "a reason for ending on an episode that has not ended (ignored by the figures)",
    "episode-overlap": "a child's episodes overlap in time",
    "date-outside-year": "a date outside the return's collection year",
    "duplicate-key": "the same child (and date) twice in one table",
    "no-header": "a child with rows in episodes, oc2 or oc3 but no header row",
    "no-episodes": "a child in the header with no episodes (and not a care leaver in oc3) in the return",
    "oc2-outside-cohort": "an oc2 row for a child not looked after continuously for 12 months at 31 March",
    "dob": "a date of birth that cannot be right: blank (header), after the year's end, after the child's care "
           "began, or an age over 25 on 31 March; the figures take the child's age as not known ('Age not known' "
           "in age breakdowns, left out of age-limited figures)",
    "391": "an oc3 row for a young person whose birthday in the year was not their 17th to 21st (DfE rule 391); "
           "still counted as a care leaver, and shown apart in the age groups ('outside 17 to 21')",
}
