"""The year's ideas per category, against a hand count.

Kommun (root) with Kök and Städ; categories Kost, Miljö (never used), Gammal
(inactive, one idea in 2025) and Oanvänd (inactive, never used):

    Kök  2025-03-01 Kost     implemented 2025-04-01
    Kök  2025-05-01 Kost     declined 2025-05-02
    Kök  2024-12-01 Kost     implemented 2025-01-10 (submitted in 2024, implemented in 2025)
    Städ 2025-06-01 Gammal   submitted
    Städ 2025-07-01 none     implemented 2025-08-01
    Städ 2025-12-31 23:30 UTC none (1 January 2026 in Stockholm: not 2025)
    and the neighbouring municipality's idea of its own category "Kost", counted nowhere.

2025, the whole municipality: Gammal 1/0/0, Kost 2/2/1, Miljö 0/0/0, no category 1/1/0.
2025, Kök only: Gammal 0/0/0 is not listed (inactive, nothing counted), Kost 2/2/1,
Miljö 0/0/0, no category 0/0/0.
"""
from datetime import datetime, timezone

import pytest

from server.categories.models import Category
from server.extensions import db
from server.ideas.models import Idea


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def town(app, make_unit, make_user):
    root = make_unit("Kommun", headcount=10)
    kitchen = make_unit("Kök", parent=root, headcount=5)
    cleaning = make_unit("Städ", parent=root, headcount=5)
    other = make_unit("Grannkommun", headcount=5)
    cook, cleaner, stranger = make_user(unit=kitchen), make_user(unit=cleaning), make_user(unit=other)
    with app.app_context():
        food = Category(org_id=root.id, name="Kost", name_en="Food")
        environment = Category(org_id=root.id, name="Miljö")
        old = Category(org_id=root.id, name="Gammal", active=False)
        unused = Category(org_id=root.id, name="Oanvänd", active=False)
        theirs = Category(org_id=other.id, name="Kost")
        db.session.add_all([food, environment, old, unused, theirs])
        db.session.flush()

        def idea(unit, user, created, category, status="submitted", implemented=None,
                 declined=None):
            db.session.add(Idea(org_id=unit.org_id, unit_id=unit.id, submitter_id=user.id,
                                description="x", status=status, created_at=created,
                                updated_at=created, category_id=category and category.id,
                                implemented_at=implemented, declined_at=declined))

        idea(kitchen, cook, utc(2025, 3, 1), food, "implemented", implemented=utc(2025, 4, 1))
        idea(kitchen, cook, utc(2025, 5, 1), food, "declined", declined=utc(2025, 5, 2))
        idea(kitchen, cook, utc(2024, 12, 1), food, "implemented", implemented=utc(2025, 1, 10))
        idea(cleaning, cleaner, utc(2025, 6, 1), old)
        idea(cleaning, cleaner, utc(2025, 7, 1), None, "implemented", implemented=utc(2025, 8, 1))
        idea(cleaning, cleaner, utc(2025, 12, 31, 23, 30), None)
        idea(other, stranger, utc(2025, 3, 1), theirs, "implemented", implemented=utc(2025, 4, 1))
        db.session.commit()
        ids = {"Kost": str(food.id), "Miljö": str(environment.id), "Gammal": str(old.id)}
    return {"root": root, "kitchen": kitchen, "ids": ids}


def _rows(client, **params):
    response = client.get("/api/v1/stats", query_string={"year": 2025, **params})
    assert response.status_code == 200, response.json
    return [(c["name"], c["submitted"], c["implemented"], c["declined"])
            for c in response.json["categories"]]


def test_the_municipality_counts_per_category(as_user, town):
    admin = as_user("admin", unit=town["root"])
    assert _rows(admin) == [("Gammal", 1, 0, 0), ("Kost", 2, 2, 1), ("Miljö", 0, 0, 0),
                            (None, 1, 1, 0)]
    categories = admin.get("/api/v1/stats?year=2025").json["categories"]
    assert [c["id"] for c in categories] == [town["ids"]["Gammal"], town["ids"]["Kost"],
                                             town["ids"]["Miljö"], None]


def test_a_unit_counts_its_own_ideas_per_category(as_user, town):
    handler = as_user("handler", unit=town["kitchen"])
    assert _rows(handler) == [("Kost", 2, 2, 1), ("Miljö", 0, 0, 0), (None, 0, 0, 0)]


def test_english_readers_get_the_english_names_in_the_csv(as_user, town):
    admin = as_user("admin", unit=town["root"])
    assert admin.patch("/api/v1/me", json={"language": "en"}).status_code == 200
    lines = admin.get("/api/v1/stats.csv?year=2025").get_data().decode("utf-8-sig").split("\r\n")
    start = lines.index("Category;Ideas submitted;Implemented;Declined")
    assert lines[start + 1:start + 5] == ["Food;2;2;1", "Gammal;1;0;0", "Miljö;0;0;0",
                                          "No category;1;1;0"]


def test_the_swedish_csv_lists_the_categories_after_the_months(as_user, town):
    admin = as_user("admin", unit=town["root"])
    text = admin.get("/api/v1/stats.csv?year=2025").get_data().decode("utf-8-sig")
    assert text.endswith("Kategori;Inlämnade idéer;Genomförda;Genomförs inte\r\n"
                         "Gammal;1;0;0\r\nKost;2;2;1\r\nMiljö;0;0;0\r\nUtan kategori;1;1;0\r\n")


def test_an_organisation_without_categories_has_no_category_table(as_user, make_unit, post_idea):
    """Neither the figures nor the CSV list categories nobody keeps, as the dashboard hides them."""
    admin = as_user("admin", unit=make_unit("Kommun utan kategorier"))
    post_idea(admin, description="En idé utan kategori")
    assert admin.get("/api/v1/stats").json["categories"] == []
    text = admin.get("/api/v1/stats.csv").get_data().decode("utf-8-sig")
    assert "Kategori;" not in text and "Utan kategori" not in text
