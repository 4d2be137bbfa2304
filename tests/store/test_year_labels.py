"""Year labels decided by the dates that cannot lie (issue 12, item 1).

Third-party sample returns name each year's files by the year the collection *starts*
(``2017-episodes.csv`` holds 1 April 2017 to 31 March 2018), and their reviews tables carry every
review the children ever had. A pooled vote of all event dates never reaches half for one year, so
such a folder used to import a year off without a word. Episode end dates (DEC) must lie in the
return's year (DfE validation), so they decide.

The folder below is synthetic and worked by hand: for each start-year label L (2017, 2018, 2019)
the return covers 1 April L to 31 March L+1, i.e. collection year L+1. Each has 25 children: 23
with an episode ending between April and December L (collection year L+1) and two with a stray
end date a year later (collection year L+2), so 23 of 25 DEC dates point to L+1; and six reviews
per child spread over 2011-2026 (150 dates, at most 25 in any one collection year).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing_tui.cli import main
from tests.helpers import query

CHILDREN = 25
REVIEW_YEARS = range(2011, 2029, 3)   # 2011, 2014, ..., 2026: six reviews each, spread over 18 years


def _return(folder: Path, start: int, children: int = CHILDREN) -> None:
    """The files of the collection starting 1 April ``start``, named by that start year."""
    header = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    episodes = ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"]
    reviews = ["CHILD,DOB,REVIEW,REVIEW_CODE"]
    for n in range(children):
        child = f"S{n:03}"
        dob = dt.date(start - 10, 1 + n % 12, 1 + n % 28)
        header.append(f"{child},1,{dob:%d/%m/%Y},WBRI,,,")
        began = dt.date(start - 1, 6, 1)
        if n < children - 2:  # ends inside the collection year (1 April start .. 31 March start+1)
            ended = dt.date(start, 4 + n % 9, 1 + n % 27)
        elif n == children - 2:  # two stray end dates a year later (real exports have a few)
            ended = dt.date(start + 1, 6, 1)
        else:
            ended = dt.date(start + 1, 7, 1)
        episodes.append(f"{child},{began:%d/%m/%Y},S,C2,N1,U4,PR1,{ended:%d/%m/%Y},E4A,,,,")
        for y in REVIEW_YEARS:
            reviews.append(f"{child},{dob:%d/%m/%Y},{dt.date(y, 1 + n % 12, 10):%d/%m/%Y},PN1")
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in (("header", header), ("episodes", episodes), ("reviews", reviews)):
        (folder / f"{start}-{name}.csv").write_text("\n".join(lines) + "\n")


@pytest.fixture
def start_labelled(tmp_path) -> Path:
    """A folder of three start-labelled years, as a third-party tool writes them."""
    root = tmp_path / "samples"
    for start in (2017, 2018, 2019):
        _return(root, start)
    return root


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_pooled_dates_would_not_reach_half(start_labelled):
    """The fixture is the hard case: of each return's event dates, under half fall in one year."""
    text = (start_labelled / "2017-reviews.csv").read_text().splitlines()[1:]
    per_year: dict[int, int] = {}
    for line in text:
        day = dt.datetime.strptime(line.split(",")[2], "%d/%m/%Y").date()
        year = day.year + 1 if day.month >= 4 else day.year
        per_year[year] = per_year.get(year, 0) + 1
    # 150 review dates + 25 DEC dates; the best collection year holds 23 DEC + at most 25 reviews.
    assert sum(per_year.values()) == CHILDREN * len(REVIEW_YEARS) == 150
    assert max(per_year.values()) + 23 < (150 + 25) / 2


def test_start_labelled_folder_is_refused_naming_the_year(capsys, start_labelled, tmp_path):
    db = tmp_path / "x.duckdb"
    code, out, err = _run(capsys, "import", start_labelled, "--db", db, "--council", "TEST")
    assert code != 0
    assert "Traceback" not in err
    assert ("labelled collection year 2017 (2016-17) by its file name, but 23 of 25 episode end dates (DEC) "
            "fall in 2018 (2017-18)") in err
    assert "--labels start if these files are named by the year the collection starts (so 2017 means 2017-18)" in err
    assert "nothing was imported" in err
    assert not db.exists()


def test_check_refuses_it_too(capsys, start_labelled):
    code, out, err = _run(capsys, "check", start_labelled, "--council", "TEST")
    assert code != 0
    assert "fall in 2018 (2017-18)" in err


def test_labels_start_imports_the_folder_in_one_command(capsys, start_labelled, tmp_path):
    db = tmp_path / "x.duckdb"
    code, out, err = _run(capsys, "import", start_labelled, "--db", db, "--council", "TEST", "--labels", "start")
    assert code == 0, err
    assert query(db, "SELECT DISTINCT year FROM returns ORDER BY 1") == [(2018,), (2019,), (2020,)]
    # Every episode of the file labelled 2017 is stored in 2017-18, and so on.
    assert query(db, "SELECT year, min(DECOM), count(*) FROM episodes GROUP BY year ORDER BY year") == [
        (2018, dt.date(2016, 6, 1), CHILDREN), (2019, dt.date(2017, 6, 1), CHILDREN),
        (2020, dt.date(2018, 6, 1), CHILDREN)]
    # Said so: each shifted label once.
    for start in (2017, 2018, 2019):
        assert (f"label {start} read as the year starting 1 April {start}: collection year "
                f"{start + 1} ({start}-{str(start + 1)[2:]}) (--labels start)") in out


def test_two_year_labels_are_never_shifted(capsys, small, tmp_path):
    """``2023-24`` names one year whichever convention: --labels start leaves it alone."""
    folder = tmp_path / "2023-24"
    for f in (small / "2024").iterdir():
        (folder / f.name).parent.mkdir(parents=True, exist_ok=True)
        (folder / f.name).write_bytes(f.read_bytes())
    db = tmp_path / "x.duckdb"
    code, out, err = _run(capsys, "import", folder, "--db", db, "--council", "TEST", "--labels", "start")
    assert code == 0, err
    assert query(db, "SELECT DISTINCT year FROM returns") == [(2024,)]
    assert "--labels start" not in out


def test_labels_start_on_end_labelled_files_is_refused(capsys, small, tmp_path):
    """The wrong convention given the other way round is caught by the same dates."""
    db = tmp_path / "x.duckdb"
    code, out, err = _run(capsys, "import", small / "2024", "--db", db, "--council", "TEST", "--labels", "start")
    assert code != 0
    assert "labelled collection year 2025 (2024-25) by its folder name (--labels start)" in err
    assert "leave out --labels start" in err


def test_en_dash_in_a_label_names_the_span(tmp_path):
    from briefing_tui.ssda903 import years

    assert years.year_from_label("2023\u201324 episodes") == 2024


def test_fewer_than_20_end_dates_still_decide_when_most_agree(capsys, tmp_path):
    """19 children: 17 of 19 DEC dates point a year on; the review history must not outvote them."""
    root = tmp_path / "few"
    _return(root, 2017, children=19)
    code, out, err = _run(capsys, "check", root, "--council", "TEST")
    assert code != 0
    assert "but 17 of 19 episode end dates (DEC) fall in 2018 (2017-18)" in " ".join(err.split())


def test_a_childs_earlier_reviews_never_outvote_end_dates_that_agree(capsys, small, tmp_path):
    """Reviews from an earlier year are legitimate: the label stands when the DEC dates agree with it."""
    reviews = small / "2024" / "reviews.csv"
    extra = "".join(f"C001,01/01/2009,{d:02}/06/2022,PN1\n" for d in range(1, 9))
    reviews.write_text(reviews.read_text() + extra)
    code, out, err = _run(capsys, "check", small / "2024", "--council", "TEST")
    assert code == 0, err


def test_a_two_year_label_contradicted_is_told_to_name_the_year(capsys, small, tmp_path):
    """--labels start cannot help a two-year label: the message says --year instead."""
    wrong = tmp_path / "2022-23"
    wrong.mkdir()
    for f in (small / "2024").iterdir():
        (wrong / f.name).write_bytes(f.read_bytes())
    code, out, err = _run(capsys, "check", wrong, "--council", "TEST")
    text = " ".join(err.split())
    assert code != 0 and "fall in 2024 (2023-24)" in text
    assert "--labels start" not in text and "give --year 2024" in text
