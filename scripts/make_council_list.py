"""Write briefing_tui/councils/councils.csv from the DfE's published figures shipped with the package.

Run from the checkout when the published files are refreshed: `python scripts/make_council_list.py`.
Every council's DfE number, name and region are read from ``indicators/published/dfe_la_figures.csv``
(the latest year each number appears in); councils reorganised since 2019 get their successors
(``REPLACED_BY``), and London boroughs their ONS codes (``ONS_CODES``). Aliases are the other names
people call a council by, so that ``--council Bristol`` finds "Bristol, City of".
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "briefing_tui" / "indicators" / "published" / "dfe_la_figures.csv"
OUT = ROOT / "briefing_tui" / "councils" / "councils.csv"

# Reorganisations since 2019 (DfE numbers): the old council's returns stay under its own number;
# comparisons and neighbour lists use the successors.
REPLACED_BY = {
    "835": ("838",),          # Dorset County Council -> Dorset Council, 1 April 2019
    "836": ("839",),          # Poole -> Bournemouth, Christchurch and Poole, 1 April 2019
    "837": ("839",),          # Bournemouth -> Bournemouth, Christchurch and Poole, 1 April 2019
    "928": ("940", "941"),    # Northamptonshire -> North and West Northamptonshire, 1 April 2021
    "909": ("942", "943"),    # Cumbria -> Cumberland, Westmorland and Furness, 1 April 2023
}
ENDED = {"835": "2019-03-31", "836": "2019-03-31", "837": "2019-03-31", "928": "2021-03-31", "909": "2023-03-31"}
# Names as the DfE file has them, cleaned ("Dorset (Pre LG)": LG = local government reorganisation).
NAMES = {"835": "Dorset County Council (before 2019)", "836": "Poole (before 2019)",
         "837": "Bournemouth (before 2019)", "810": "Kingston upon Hull, City of"}
ALIASES = {
    "801": ("Bristol", "City of Bristol"),
    "810": ("Hull", "Kingston upon Hull"),
    "342": ("St Helens",),
    "822": ("Bedford",),
    "840": ("County Durham",),
    "839": ("BCP",),
    "846": ("Brighton", "Brighton & Hove"),
    "882": ("Southend",),
    "808": ("Stockton",),
    "391": ("Newcastle",),
    "894": ("Telford",),
    "213": ("City of Westminster",),
    "201": ("City of London Corporation",),
}
# ONS codes of the London boroughs (E09000001-E09000033, in the ONS's alphabetical order).
ONS_CODES = {
    "201": "E09000001", "301": "E09000002", "302": "E09000003", "303": "E09000004", "304": "E09000005",
    "305": "E09000006", "202": "E09000007", "306": "E09000008", "307": "E09000009", "308": "E09000010",
    "203": "E09000011", "204": "E09000012", "205": "E09000013", "309": "E09000014", "310": "E09000015",
    "311": "E09000016", "312": "E09000017", "313": "E09000018", "206": "E09000019", "207": "E09000020",
    "314": "E09000021", "208": "E09000022", "209": "E09000023", "315": "E09000024", "316": "E09000025",
    "317": "E09000026", "318": "E09000027", "210": "E09000028", "319": "E09000029", "211": "E09000030",
    "320": "E09000031", "212": "E09000032", "213": "E09000033",
}


def main() -> None:
    latest: dict[str, tuple[int, str, str]] = {}
    with FIGURES.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            number, year = row["la_number"], int(row["year"])
            if row["region"] == "NA":   # England and the regions, not councils
                continue
            if number not in latest or year >= latest[number][0]:
                latest[number] = (year, row["area"], row["region"])
    with OUT.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["la_number", "name", "region", "ons_code", "replaced_by", "ended", "aliases"])
        for number in sorted(latest):
            _, name, region = latest[number]
            out.writerow([number, NAMES.get(number, name), region, ONS_CODES.get(number, ""),
                          " ".join(REPLACED_BY.get(number, ())), ENDED.get(number, ""),
                          "|".join(ALIASES.get(number, ()))])
    print(f"wrote {OUT}: {len(latest)} councils")


if __name__ == "__main__":
    main()
