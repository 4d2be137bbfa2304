"""Cutting one collection year's return from a borough's simulated histories.

This follows how a council's case system exports its 903: every episode open at any time in the
year (DECOM on or before 31 March, DEC empty or on or after 1 April), with DEC and REC blank when
the episode was still open at 31 March, so it appears again, closed or still open, next year; a
header row for every child in any table; oc2 for the 12-month cohort; oc3 for care leavers at
their 17th to 21st birthdays; reviews and missing incidents dated in the year. Rows come out in
CHILD order (case numbers rise with each new child) and date order within a child.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing_tui.demo import careers, outcomes, vocab
from briefing_tui.demo.careers import NOT_LEAVER_REC, Child
from briefing_tui.demo.vocab import dmy, ri, year_end, year_start
from briefing_tui.ssda903.tables import TABLES

if TYPE_CHECKING:
    from briefing_tui.demo.generator import Borough

Tables = dict[str, list[list[str]]]
RISKY = frozenset({"K2", "H5", "P2", "K1", "Z1"})


def tables_for(year: int) -> list[str]:
    """The tables a return for ``year`` has (sw_episodes from 2024, dolo from 2027)."""
    return [t.name for t in TABLES.values() if t.first_year is None or year >= t.first_year]


def sex_code(sex: str, year: int) -> str:
    if year >= 2025:
        return {"1": "M", "2": "F"}.get(sex, sex)
    return sex


def place_code(place: str, year: int) -> str:
    if year >= 2026:
        return {"H5": "K3", "P2": "K3", "Z1": "Z14"}.get(place, place)
    return place


def leaver_end(child: Child, known_by: int = 0) -> int:
    """When a child left care as a care leaver (DOMAIN.md section 3), or 0 if they are not one; with
    ``known_by``, as known on that day (periods that began later not yet there)."""
    periods = [p for p in child.periods if not known_by or p.start <= known_by]
    if not periods:
        return 0
    last = periods[-1]
    if last.short_break or last.rec in NOT_LEAVER_REC or last.end < child.bdays[16]:
        return 0
    since14 = child.bdays[14]
    days = sum(max(0, p.end - max(p.start, since14)) for p in periods if not p.short_break)
    return last.end if days >= 91 else 0


@dataclass
class CutState:
    """What carries from one year's return to the next: care leavers' last contact, the workers."""

    leavers: dict[str, int]
    workers: list[str]
    by_year: dict[int, list[Child]]
    last_contact: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_borough(cls, borough: Borough, through: int | None = None, known_by: int = 0) -> CutState:
        """``through``: the last year to be cut (default the borough's last); ``known_by``: care
        leavers as known on that day (a simulation run on past its last year: generator.simulate)."""
        rng = random.Random(f"{borough.seed}:workers")
        workers = sorted({f"SW{ri(rng, 1, 9999):04d}" for _ in range(70)})
        leavers = {c.id: end for c in borough.children if (end := leaver_end(c, known_by))}
        # Which returns each child can be in (in CHILD order), so a year looks only at those.
        first, last = borough.first_year, through or borough.last_year
        bounds = [year_start(y) for y in range(first, last + 2)]
        by_year: dict[int, list[Child]] = {y: [] for y in range(first, last + 1)}
        for c in borough.children:
            if not c.periods:
                continue
            lo, hi = c.periods[0].start, c.periods[-1].end
            if c.id in leavers:
                hi = max(hi, c.bdays[21])
            a = max(first, first + bisect_right(bounds, lo) - 1)
            b = min(last, first + bisect_right(bounds, hi) - 1)
            for y in range(a, b + 1):
                by_year[y].append(c)
        return cls(leavers, workers, by_year)


def cut_return(borough: Borough, year: int, rng: random.Random, state: CutState) -> Tables:
    ys, ye = year_start(year), year_end(year)
    out: Tables = {name: [] for name in tables_for(year)}
    header, episodes, uasc = out["header"], out["episodes"], out["uasc"]
    oc2, oc3, reviews, missing = out["oc2"], out["oc3"], out["reviews"], out["missing"]
    ad1, pfa, prev = out["ad1"], out["placed_for_adoption"], out["previous_permanence"]
    sw = out.get("sw_episodes")
    pool = state.workers
    leavers = state.leavers
    contact = state.last_contact
    for child in state.by_year[year]:
        periods = child.periods
        if len(periods) == 1:
            in_year = periods if periods[0].start <= ye and periods[0].end >= ys else []
        else:
            in_year = [p for p in periods if p.start <= ye and p.end >= ys]
        left = leavers.get(child.id, 0)
        oc3_row = None
        if left and child.bdays[17] <= ye and child.bdays[21] >= ys and contact.get(child.id) != "DIED":
            for k in range(17, 22):
                bd = child.bdays[k]
                if ys <= bd <= ye and left <= bd:
                    values = outcomes.oc3_values(rng, k, child.uasc)
                    contact[child.id] = values[0]
                    oc3_row = [child.id, dmy(child.dob), *values]
                    break
        if not in_year and oc3_row is None:
            continue
        cid, dob = child.id, dmy(child.dob)
        age = child.age(ye)
        mother = mc_dob = ""
        if child.sex == "2" and age >= 12:
            mothered = 0 < child.mother_from <= ye
            mother, mc_dob = ("1", dmy(child.mother_from)) if mothered else ("0", "")
        header.append([cid, sex_code(child.sex, year), dob, child.ethnic,
                       "UN1" if age < 5 else _upn(child, rng, borough.world.la), mother, mc_dob])
        if child.uasc:
            uasc.append([cid, sex_code(child.sex, year), dob, dmy(child.duc) if child.duc <= ye else ""])
        if oc3_row is not None:
            oc3.append(oc3_row)
        if not in_year:
            continue
        last_place = ""
        spans: list[tuple[int, int]] = []
        started = risky = False
        for p in in_year:
            for ep in p.episodes:
                if ep.decom > ye or ep.dec < ys:
                    continue
                place = ep.place if year < 2026 else place_code(ep.place, year)
                if ep.dec <= ye:
                    episodes.append([cid, dmy(ep.decom), ep.rne, ep.ls, p.cin, place, ep.provider,
                                     dmy(ep.dec), ep.rec, ep.reason, p.home_post, ep.pl_post, ep.urn])
                else:
                    episodes.append([cid, dmy(ep.decom), ep.rne, ep.ls, p.cin, place, ep.provider,
                                     "", "", "", p.home_post, ep.pl_post, ep.urn])
                last_place = ep.place
                if last_place in RISKY:
                    risky = True
            if p.short_break:
                continue
            if p.reviews is None:
                p.reviews = careers.reviews(rng, p.start, p.end)
            for r in p.reviews:
                if ys <= r <= ye:
                    reviews.append([cid, dob, dmy(r), outcomes.review_code(rng, child.age(r))])
            a, b = max(p.start, ys, child.bdays[10]), min(p.end - 1, ye)
            if a <= b:
                spans.append((a, b))
            if p.start >= ys and not started:
                started = True
                prev.append([cid, dob, *p.prev_perm])
            if sw is not None:
                for worker, start, end, reason in outcomes.social_workers(rng, p, ys, ye, pool):
                    sw.append([cid, dob, worker, dmy(start), dmy(end) if end else "", reason])
        last = in_year[-1]
        if not last.short_break and last.start <= ys and last.end > ye:
            oc2.append([cid, dob, *outcomes.oc2_values(rng, child, age, last_place)])
        for kind, start, end in outcomes.missing_incidents(rng, spans, risky, child.uasc):
            missing.append([cid, dob, kind, dmy(start), dmy(end) if end else ""])
        if child.adoption is not None and last.rec in ("E11", "E12") and ys <= last.end <= ye:
            a1 = child.adoption
            ad1.append([cid, dob, dmy(a1.decision), dmy(a1.match), "1" if a1.foster_carer else "0",
                        str(a1.adopters), a1.sex, a1.status])
        for d in child.decisions:
            ceased_now = d.ceased and ys <= d.ceased <= ye
            if ys <= d.placed <= ye or ceased_now:
                shown = d.ceased and d.ceased <= ye
                pfa.append([cid, dob, dmy(d.placed), dmy(d.ceased) if shown else "", d.reason if shown else ""])
    return out


def _upn(child: Child, rng: random.Random, la: str) -> str:
    """The child's unique pupil number, drawn the first time a return needs it."""
    if not child.upn:
        child.upn = "UN2" if child.uasc and rng.random() < 0.5 else vocab.upn(rng, la)
    return child.upn
