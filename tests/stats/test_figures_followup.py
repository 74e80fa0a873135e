"""Following up assigned ideas in the statistics, against a hand computation.

"Följkommun" has two units, Norr and Söder. Ideas with due dates, in 2025
(Stockholm is UTC+1 in winter, UTC+2 in summer), judged on "today" 2025-06-10:

    F1 Norr  due 2025-03-31, implemented 2025-03-31 21:30 UTC (23:30 Stockholm): on time
    F2 Norr  due 2025-03-31, implemented 2025-03-31 22:30 UTC (00:30 on 1 April): late
    F3 Norr  due 2025-05-01, approved, still open: due, not implemented, overdue
    F4 Söder due 2025-06-30, implemented 2025-06-01: implemented before it was due, on time
    F5 Söder due 2025-06-30, approved: not yet due, not counted
    F6 Söder due 2025-04-01, declined: not counted, not overdue
    F7 Söder due 2024-11-01, in review: a due date of 2024, overdue now
    F8 Norr  no due date, implemented: not counted
    and an idea of another municipality, overdue, that must count nowhere.

The whole municipality, 2025: due F1 F2 F3 F4 = 4, implemented by the due date F1 F4 = 2,
share 0.5; overdue F3 F7 = 2. Norr: due 3, on time 1, share 1/3 = 0.333; overdue 1.
Söder: due 1, on time 1, share 1.0; overdue 1 (F7, due in 2024).
"""
from datetime import date, datetime, timezone

import pytest

from server.extensions import db
from server.ideas.models import Idea
from server.stats import services

TODAY = datetime(2025, 6, 10, 10, tzinfo=timezone.utc)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def town(app, make_unit, make_user):
    root = make_unit("Följkommun", headcount=10)
    north = make_unit("Norr", parent=root, headcount=10)
    south = make_unit("Söder", parent=root, headcount=10)
    other = make_unit("Grannkommun", headcount=10)
    staff, stranger = make_user(unit=north), make_user(unit=other)
    with app.app_context():
        def idea(unit, due, status, implemented=None, user=staff):
            created = utc(2024, 10, 1)
            db.session.add(Idea(org_id=unit.org_id, unit_id=unit.id, submitter_id=user.id,
                                description="x", status=status, created_at=created,
                                updated_at=created, first_response_at=utc(2024, 10, 2),
                                due_date=due, implemented_at=implemented))

        idea(north, date(2025, 3, 31), "implemented", utc(2025, 3, 31, 21, 30))
        idea(north, date(2025, 3, 31), "implemented", utc(2025, 3, 31, 22, 30))
        idea(north, date(2025, 5, 1), "approved")
        idea(south, date(2025, 6, 30), "implemented", utc(2025, 6, 1, 9))
        idea(south, date(2025, 6, 30), "approved")
        idea(south, date(2025, 4, 1), "declined")
        idea(south, date(2024, 11, 1), "in_review")
        idea(north, None, "implemented", utc(2025, 2, 1))
        idea(other, date(2025, 1, 1), "approved", user=stranger)
        db.session.commit()
    return {"root": root, "north": north, "south": south}


def _figures(app, unit, year=2025):
    with app.app_context():
        try:
            return services.unit_statistics(db.session.get(type(unit), unit.id), year, now=TODAY)
        finally:
            db.session.remove()


def test_the_follow_up_figures_per_unit(app, town):
    figures = _figures(app, town["root"])
    keys = ("due", "implemented_by_due_date", "implemented_by_due_date_share", "overdue")
    assert [figures[k] for k in keys] == [4, 2, 0.5, 2]
    units = {u["name"]: [u[k] for k in keys] for u in figures["units"]}
    assert units == {"Norr": [3, 1, 0.333, 1], "Söder": [1, 1, 1.0, 1]}
    # Overdue is a figure of now; the share is of the year asked.
    earlier = _figures(app, town["root"], year=2024)
    assert [earlier[k] for k in keys] == [1, 0, 0.0, 2]
    assert [_figures(app, town["north"])[k] for k in keys] == [3, 1, 0.333, 1]


def test_the_api_and_the_csv_show_the_same_rounded_figures(app, town, as_user):
    admin = as_user("admin", unit=town["root"])
    shown = admin.get("/api/v1/stats", query_string={"year": 2025}).json
    assert {"due", "implemented_by_due_date", "implemented_by_due_date_share",
            "overdue"} <= set(shown)
    assert all("implemented_by_due_date_share" in u and "overdue" in u for u in shown["units"])
    csv = admin.get("/api/v1/stats.csv", query_string={"year": 2025}).get_data(as_text=True)
    header, whole, *rest = csv.lstrip("\ufeff").split("\r\n")
    assert header.split(";")[-2:] == ["Andel genomförda i tid (%)", "Försenade nu"]
    rows = {line.split(";")[0]: line.split(";") for line in rest[:2]}
    # Norr's share 1/3 is rounded once (0.333) and printed as 33,3 %.
    assert rows["Norr"][-2:] == ["33,3", "1"]
    # Asked after June 2025, F5's due date has passed too: due and overdue.
    assert rows["Söder"][-2:] == ["50,0", "2"]


def test_nothing_due_is_a_null_share_not_an_error(app, make_unit):
    quiet = make_unit("Tyst kommun", headcount=5)
    figures = _figures(app, quiet)
    assert (figures["due"], figures["implemented_by_due_date_share"], figures["overdue"]) == (
        0, None, 0)
