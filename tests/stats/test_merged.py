"""A merged idea counts as submitted and answered, never as decided."""
from __future__ import annotations

import csv
import io

from server.stats.services import current_year


def test_a_merged_idea_is_submitted_and_answered_but_not_decided(as_user, post_idea, org):
    admin = as_user("admin", unit=org["root"])
    staff = as_user(unit=org["north"])
    duplicate, kept, declined, done = (post_idea(staff, description=d).json["id"] for d in (
        "Halkskydd", "Sand på trappan", "Nya stolar", "Fler laddare"))
    assert admin.post(f"/api/v1/ideas/{duplicate}/merge", json={"into": kept}).status_code == 200
    assert admin.post(f"/api/v1/ideas/{declined}/status",
                      json={"status": "declined", "note": "Ingen budget"}).status_code == 200
    for step in ("acknowledged", "approved", "implemented"):
        assert admin.post(f"/api/v1/ideas/{done}/status",
                          json={"status": step, "note": ""}).status_code == 200

    year = current_year()
    figures = admin.get("/api/v1/stats", query_string={"year": year}).json
    assert figures["submitted"] == 4  # the duplicate was submitted, like any idea
    assert (figures["implemented"], figures["declined"]) == (1, 1)
    assert figures["implemented_share"] == 0.5  # the merge is no decision
    assert figures["acknowledged_within_7_days"] == 3  # the merge answered the duplicate
    assert figures["median_hours_to_acknowledge"] is not None
    assert figures["participants"] == 1

    text = admin.get("/api/v1/stats.csv", query_string={"year": year}).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, whole = rows[0], dict(zip(rows[0], rows[1]))
    assert whole["Inlämnade idéer"] == "4"
    assert (whole["Genomförda"], whole["Genomförs inte"]) == ("1", "1")
    assert whole["Andel genomförda av beslutade (%)"] == "50,0"
    assert whole["Andel besvarade inom 7 dagar (%)"] == "75,0"
    assert len(header) == len(rows[1])
