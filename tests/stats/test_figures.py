"""Every figure of the statistics against a hand computation.

The municipality "Statkommun" (target 2.0 ideas per employee and year):

    Statkommun      headcount 10, target 2.0        u4
    ├── Omsorg      headcount  0, inherits 2.0
    │   ├── Hemtjänst  headcount 20, target 3.0     u1, u2
    │   └── Boende     headcount 10, inherits 2.0   u3
    ├── Skola       headcount  0, inherits 2.0      u5
    └── Gamla köket headcount  5, archived 2024-06-01

Ideas (times in UTC; Stockholm is UTC+1 in winter, UTC+2 in summer):

    I1 Hemtjänst u1 2025-12-31 22:30 (23:30 Stockholm: 2025, December)  answered after 48 h
    I2 Hemtjänst u1 2025-12-31 23:15 (00:15 on 1 January 2026 Stockholm: 2026)  unanswered
    I3 Hemtjänst u2 2025-01-01 00:00 (01:00 Stockholm: January) 10 h; implemented 2025-03-01
    I4 Hemtjänst u2 2024-12-31 22:59 (23:59 Stockholm: 2024)     5 h; implemented 2025-02-10
    I5 Boende    u3 2025-06-15 10:00 (June) answered after exactly 168 h; declined then
    I6 Boende    u3 2025-07-01 08:00 (July) 192 h; declined 2025-08-01
    I7 Statkommun u4 2025-03-31 22:30 (00:30 on 1 April Stockholm: April) 24 h;
                  declined and reopened, so in review and not declined
    I8 Skola     u5 2025-05-10 10:00 (May) 1 h; approved
    and an idea of another municipality, implemented in 2025, that must count nowhere.

2025 for the whole municipality:
    submitted = I1 I3 I5 I6 I7 I8 = 6; headcount = 10+20+10 = 40 (the kitchen was archived
    before 2025); per employee 6/40 = 0.15; target 2.0, i.e. 80 ideas;
    implemented = I3 I4 = 2; declined = I5 I6 = 2; implemented share 2/4 = 0.5;
    hours to answer 1 10 24 48 168 192 → median (24+48)/2 = 36;
    answered within 7 days: all but I6 = 5, share 5/6;
    participants u1 u2 u3 u4 u5 = 5, participation 5/40 = 0.125;
    monthly submitted Jan 1, Apr 1, May 1, Jun 1, Jul 1, Dec 1; implemented Feb 1, Mar 1.
"""
from datetime import datetime, timezone

import pytest
from pytest import approx

from server.admin.models import Unit
from server.extensions import db
from server.ideas.models import Idea


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def hours(start: datetime, n: float) -> datetime:
    from datetime import timedelta
    return start + timedelta(hours=n)


@pytest.fixture
def town(app, make_unit, make_user):
    root = make_unit("Statkommun", headcount=10, target=2.0)
    care = make_unit("Omsorg", parent=root, headcount=0)
    home = make_unit("Hemtjänst", parent=care, headcount=20, target=3.0)
    living = make_unit("Boende", parent=care, headcount=10)
    school = make_unit("Skola", parent=root, headcount=0)
    kitchen = make_unit("Gamla köket", parent=root, headcount=5)
    other = make_unit("Grannkommun", headcount=50)
    u1, u2 = make_user(unit=home), make_user(unit=home)
    u3, u4, u5 = make_user(unit=living), make_user(unit=root), make_user(unit=school)
    stranger = make_user(unit=other)
    with app.app_context():
        db.session.get(Unit, kitchen.id).archived_at = utc(2024, 6, 1)

        def idea(unit, user, created, *, answered=None, status="submitted",
                 implemented=None, declined=None):
            db.session.add(Idea(
                org_id=unit.org_id, unit_id=unit.id, submitter_id=user.id, description="x",
                status=status, created_at=created, updated_at=created,
                first_response_at=hours(created, answered) if answered is not None else None,
                implemented_at=implemented, declined_at=declined))

        i1 = utc(2025, 12, 31, 22, 30)
        idea(home, u1, i1, answered=48, status="acknowledged")
        idea(home, u1, utc(2025, 12, 31, 23, 15))
        idea(home, u2, utc(2025, 1, 1, 0, 0), answered=10, status="implemented",
             implemented=utc(2025, 3, 1, 12))
        idea(home, u2, utc(2024, 12, 31, 22, 59), answered=5, status="implemented",
             implemented=utc(2025, 2, 10, 10))
        i5 = utc(2025, 6, 15, 10)
        idea(living, u3, i5, answered=168, status="declined", declined=hours(i5, 168))
        idea(living, u3, utc(2025, 7, 1, 8), answered=192, status="declined",
             declined=utc(2025, 8, 1))
        idea(root, u4, utc(2025, 3, 31, 22, 30), answered=24, status="in_review")
        idea(school, u5, utc(2025, 5, 10, 10), answered=1, status="approved")
        idea(other, stranger, utc(2025, 5, 10), answered=2, status="implemented",
             implemented=utc(2025, 6, 1))
        db.session.commit()
    return {"root": root, "care": care, "home": home, "living": living, "school": school,
            "kitchen": kitchen, "other": other}


@pytest.fixture
def admin(as_user, town):
    return as_user("admin", unit=town["root"])


def stats(client, **params):
    response = client.get("/api/v1/stats", query_string=params)
    assert response.status_code == 200, response.json
    return response.json


def test_the_municipality_in_2025(admin):
    s = stats(admin, year=2025)
    assert s["unit"]["name"] == "Statkommun"
    assert s["organisation"] is True
    assert s["year"] == 2025
    assert s["year_elapsed_share"] == 1.0
    assert s["submitted"] == 6
    assert s["headcount"] == 40
    assert s["per_employee"] == approx(0.15)
    assert s["target_per_employee"] == 2.0
    assert s["target_ideas"] == approx(80.0)
    assert s["implemented"] == 2
    assert s["declined"] == 2
    assert s["implemented_share"] == approx(0.5)
    assert s["median_hours_to_acknowledge"] == approx(36.0)
    assert s["acknowledged_within_7_days"] == 5
    assert s["acknowledged_within_7_days_share"] == 0.833  # 5 / 6, rounded once on the server
    assert s["participants"] == 5
    assert s["participation"] == approx(0.125)


def test_months_follow_stockholm_time(admin):
    months = stats(admin, year=2025)["monthly"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert [m["submitted"] for m in months] == [1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1]
    assert [m["implemented"] for m in months] == [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def test_the_sub_units_are_compared(admin):
    units = {u["name"]: u for u in stats(admin, year=2025)["units"]}
    assert set(units) == {"Omsorg", "Skola"}  # the kitchen was archived before 2025
    care = units["Omsorg"]
    # I1 I3 I5 I6; hours 10 48 168 192; u1 u2 u3.
    assert care["submitted"] == 4
    assert care["headcount"] == 30
    assert care["per_employee"] == 0.13  # 4 / 30, rounded once on the server
    assert care["target_per_employee"] == 2.0
    assert care["implemented"] == 2
    assert care["declined"] == 2
    assert care["implemented_share"] == approx(0.5)
    assert care["median_hours_to_acknowledge"] == approx(108.0)
    assert care["acknowledged_within_7_days_share"] == approx(0.75)
    assert care["participation"] == approx(0.1)
    school = units["Skola"]
    # A headcount of 0 gives no figure per employee, not an error.
    assert school["submitted"] == 1
    assert school["headcount"] == 0
    assert school["per_employee"] is None
    assert school["participation"] is None
    assert school["target_ideas"] == 0.0
    assert school["implemented_share"] is None
    assert school["median_hours_to_acknowledge"] == approx(1.0)
    assert school["acknowledged_within_7_days_share"] == approx(1.0)


def test_a_unit_counts_with_its_sub_units(admin, town):
    s = stats(admin, year=2025, unit_id=town["care"].id)
    assert s["organisation"] is False
    assert (s["submitted"], s["headcount"], s["implemented"], s["declined"]) == (4, 30, 2, 2)
    assert s["median_hours_to_acknowledge"] == approx(108.0)
    units = {u["name"]: u for u in s["units"]}
    home, living = units["Hemtjänst"], units["Boende"]
    # Hemtjänst: I1 I3 submitted, I3 I4 implemented (I4 was submitted in 2024).
    assert (home["submitted"], home["headcount"], home["implemented"], home["declined"]) == (
        2, 20, 2, 0)
    assert home["per_employee"] == approx(0.1)
    assert home["target_per_employee"] == 3.0
    assert home["target_ideas"] == approx(60.0)
    assert home["implemented_share"] == approx(1.0)
    assert home["median_hours_to_acknowledge"] == approx(29.0)
    assert home["acknowledged_within_7_days_share"] == approx(1.0)
    assert home["participation"] == approx(0.1)
    # Boende: I5 answered in exactly 7 days counts as in time, I6 after 8 days does not.
    assert (living["submitted"], living["implemented"], living["declined"]) == (2, 0, 2)
    assert living["implemented_share"] == 0.0
    assert living["median_hours_to_acknowledge"] == approx(180.0)
    assert living["acknowledged_within_7_days_share"] == approx(0.5)
    assert living["participation"] == approx(0.1)
    assert living["target_per_employee"] == 2.0


def test_the_new_year_is_counted_in_stockholm_time(admin):
    s = stats(admin, year=2026)
    # Only I2: 2025 in UTC, but a quarter past midnight on New Year's Day in Stockholm.
    assert s["submitted"] == 1
    assert s["monthly"][0]["submitted"] == 1
    assert s["implemented"] == 0
    assert s["median_hours_to_acknowledge"] is None
    assert s["acknowledged_within_7_days_share"] == 0.0
    assert s["participation"] == approx(1 / 40)
    earlier = stats(admin, year=2024)
    # I4 at 23:59 on New Year's Eve; the kitchen still had its five employees in 2024.
    assert earlier["submitted"] == 1
    assert earlier["headcount"] == 45
    assert earlier["implemented"] == 0


def test_nothing_counted_gives_nulls_not_errors(admin):
    s = stats(admin, year=2030)
    assert (s["submitted"], s["implemented"], s["declined"]) == (0, 0, 0)
    assert s["implemented_share"] is None
    assert s["median_hours_to_acknowledge"] is None
    assert s["acknowledged_within_7_days_share"] is None
    assert s["year_elapsed_share"] == 0.0


def test_handler_sees_their_own_units_only(as_user, town):
    handler = as_user("handler", unit=town["care"])
    assert stats(handler, year=2025)["unit"]["name"] == "Omsorg"
    assert stats(handler, year=2025, unit_id=town["home"].id)["submitted"] == 2
    response = handler.get("/api/v1/stats", query_string={"unit_id": town["root"].id})
    assert response.status_code == 404
    response = handler.get("/api/v1/stats", query_string={"unit_id": town["school"].id})
    assert response.status_code == 404


def test_staff_and_other_organisations_see_nothing(as_user, town):
    staff = as_user("staff", unit=town["home"])
    assert staff.get("/api/v1/stats").status_code == 403
    assert staff.get("/api/v1/stats.csv").status_code == 403
    outsider = as_user("admin", unit=town["other"])
    response = outsider.get("/api/v1/stats", query_string={"unit_id": town["care"].id})
    assert response.status_code == 404
    mine = stats(outsider, year=2025)
    assert (mine["submitted"], mine["implemented"], mine["headcount"]) == (1, 1, 50)


def test_a_year_out_of_range_is_invalid(admin):
    assert admin.get("/api/v1/stats", query_string={"year": 1999}).status_code == 422


def test_the_csv_opens_in_swedish_excel(admin):
    response = admin.get("/api/v1/stats.csv", query_string={"year": 2025})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="gnista-statistik-2025-statkommun.csv"' in response.headers[
        "Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";")[:4] == ["Enhet", "År", "Inlämnade idéer", "Antal anställda"]
    whole = lines[1].split(";")
    assert whole[:5] == ["Statkommun", "2025", "6", "40", "0,15"]
    assert whole[5:9] == ["2,00", "80,0", "2", "2"]
    assert whole[9] == "50,0"  # implemented share, per cent
    assert whole[10] == "36,0"  # median hours
    assert whole[11] == "83,3"  # answered within 7 days, per cent
    assert whole[12:14] == ["5", "12,5"]  # participants, participation in per cent
    assert whole[14:] == ["", "0"]  # nothing was due, nothing is overdue
    school = next(line for line in lines if line.startswith("Skola;")).split(";")
    assert school[4] == ""  # no headcount, no figure per employee
    assert "Månad;Inlämnade;Genomförda" in lines
    assert "2025-04;1;0" in lines
    assert "2025-12;1;0" in lines


def test_the_csv_neutralises_formulas_in_unit_names(admin, app, town):
    with app.app_context():
        db.session.get(Unit, town["school"].id).name = "=HYPERLINK(1)"
        db.session.commit()
    text = admin.get("/api/v1/stats.csv", query_string={"year": 2025}).get_data(as_text=True)
    assert "\r\n'=HYPERLINK(1);" in text


def test_figures_are_rounded_once_half_up_and_the_csv_prints_them(admin, app, town):
    """1 idea for 8 employees is 0.125: 0,13 in the API, the CSV and the dashboard alike."""
    from server.stats.export import number
    from server.stats.rounding import half_up, rounded

    assert half_up(0.125, 2) == 0.13  # "%.2f" % 0.125 is "0.12"
    assert half_up(2.675, 2) == 2.68  # stored as 2.67499999…
    assert half_up(0.8335, 3) == 0.834
    assert rounded({"per_employee": 1 / 8, "participation": None,
                    "units": [{"per_employee": 4 / 30}]}) == {
        "per_employee": 0.13, "participation": None, "units": [{"per_employee": 0.13}]}
    assert number(0.13, 2) == "0,13"
    assert number(0.125, "%") == "12,5"
