"""What the 903 codes mean, in the few words a panel member needs beside the code ("U6 Foster care,
other carers"). Display only: figures, filters and stored rows keep the codes themselves.

From the DfE's SSDA903 guidance (summarised in ../shared/DOMAIN.md, section 2).
"""

from __future__ import annotations

LEGAL_STATUS = {
    "C1": "Interim care order", "C2": "Full care order", "D1": "Freeing order", "E1": "Placement order",
    "V2": "Accommodated (s20)", "V3": "Short breaks (episodes)", "V4": "Short breaks (agreement)",
    "J1": "Remanded", "J2": "Placed under PACE", "J3": "Youth rehabilitation order",
    "L1": "Police protection", "L2": "Emergency protection order", "L3": "Child assessment order",
}

PLACEMENT = {
    "A3": "Placed for adoption with consent, with current foster carer",
    "A4": "Placed for adoption with consent",
    "A5": "Placed for adoption with placement order, with current foster carer",
    "A6": "Placed for adoption with placement order",
    "U1": "Foster care with relatives or friends, long term", "U2": "Foster care with relatives or friends, FFA",
    "U3": "Foster care with relatives or friends, other", "U4": "Foster care with other carers, long term",
    "U5": "Foster care with other carers, FFA", "U6": "Foster care with other carers, other",
    "K1": "Secure children's home", "K2": "Children's home", "K3": "Registered supported accommodation",
    "H5": "Semi-independent living", "P1": "Placed with parents", "P2": "Independent living",
    "P3": "Residential employment", "R1": "Residential care home", "R2": "NHS or health establishment",
    "R3": "Family centre or mother-and-baby unit", "R5": "Young offender institution",
    "S1": "Residential school", "T0": "Temporary move", "T1": "Temporary: hospital",
    "T2": "Temporary: child's holiday", "T3": "Temporary: carers' holiday", "T4": "Temporary: 7 days or less",
    "Z1": "Other placement",
}

PROVIDER = {
    "PR0": "Parent or person with PR", "PR1": "Own council", "PR2": "Other council", "PR3": "Other public",
    "PR4": "Private", "PR5": "Voluntary sector",
}

NEED = {
    "N1": "Abuse or neglect", "N2": "Child's disability", "N3": "Parental illness or disability",
    "N4": "Family in acute stress", "N5": "Family dysfunction", "N6": "Socially unacceptable behaviour",
    "N7": "Low income", "N8": "Absent parenting",
}

REASON_CEASED = {
    "E11": "Adopted (application unopposed)", "E12": "Adopted (consent dispensed with)", "E2": "Died",
    "E3": "Care taken over by another council", "E4A": "Returned home, as planned",
    "E4B": "Returned home, not as planned", "E13": "Left to live with parents or relatives",
    "E41": "Child arrangements order", "E43": "Special guardianship (former code)",
    "E44": "Special guardianship (former code)", "E45": "Special guardianship: former foster carer (relative)",
    "E46": "Special guardianship: former foster carer", "E47": "Special guardianship: relative or friend",
    "E48": "Special guardianship: other", "E5": "Independent living, with support",
    "E6": "Independent living, without support", "E7": "Transferred to adult social care", "E8": "Other",
    "E9": "Sentenced to custody", "E14": "Remand ended", "E15": "Age assessed as 18 or over",
    "E16": "Moved abroad", "E17": "Staying put", "X1": "New episode the same day",
}

# Which code list each breakdown (indicators.dimensions) and cohort column is labelled from.
BY_DIMENSION = {
    "legal_status": LEGAL_STATUS, "placement_type": PLACEMENT, "placement_provider": PROVIDER,
    "category_of_need": NEED, "reason_ceased": REASON_CEASED,
}


def described(dimension: str, code: str | None) -> str:
    """``code`` with its meaning when the dimension is a code list and the code is known, else as it is."""
    if code is None:
        return ""
    meaning = BY_DIMENSION.get(dimension, {}).get(code.strip().upper())
    return f"{code} {meaning}" if meaning else code
