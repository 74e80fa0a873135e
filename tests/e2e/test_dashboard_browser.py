"""The dashboard and administration screens in Chromium at phone size: charts, tables, forms."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page, screen: str) -> None:
    violations = Axe().run(page, options=WCAG21_AA).response["violations"]
    assert not violations, f"{screen}: " + "; ".join(
        f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations)


def assert_fits_a_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def ideas_this_year(app, org, make_user):
    from server.extensions import db
    from server.ideas.models import Idea

    submitter = make_user("staff", unit=org["north"])
    now = datetime.now(timezone.utc)
    with app.app_context():
        for n in range(5):
            created = now - timedelta(hours=n + 1)
            db.session.add(Idea(org_id=org["root"].id, unit_id=org["north"].id if n % 2 else org["cleaning"].id,
                                submitter_id=submitter.id, description=f"Idé {n}", status="submitted",
                                created_at=created, updated_at=created,
                                first_response_at=created + timedelta(minutes=30) if n < 3 else None))
        db.session.commit()


def test_the_dashboard_shows_figures_charts_and_tables(page, join, live_server, org, ideas_this_year):
    join(page, name="Admin Alva", role="admin", unit=org["root"])
    page.get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("heading", level=1, name="Statistik")).to_be_visible()
    expect(page.get_by_text("Idéer per anställd").first).to_be_visible()
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(2)
    assert page.locator("svg[role=img] title").first.text_content().startswith("Inlämnade idéer")
    page.get_by_text("Visa siffrorna som tabell").first.click()
    expect(page.get_by_role("table").first).to_be_visible()
    csv = page.get_by_role("link", name="Ladda ner som CSV (Excel)")
    assert "/api/v1/stats.csv?year=" in csv.get_attribute("href")
    page.get_by_label("Enhet", exact=True).select_option(label="– Omsorg")
    expect(page.get_by_role("heading", level=2, name=f"Omsorg {datetime.now().year}")).to_be_visible()
    assert_fits_a_phone(page)
    assert_accessible(page, "dashboard")


def test_an_admin_edits_a_unit_and_creates_an_invitation(page, join, live_server, org, app):
    join(page, name="Admin Alva", role="admin", unit=org["root"])
    page.goto(f"{live_server}/admin")
    expect(page.get_by_role("heading", level=1, name="Administration")).to_be_visible()
    page.get_by_role("button", name="Ändra Lokalvård").click()
    page.get_by_label("Antal anställda").first.fill("18")
    page.get_by_label("Mål: idéer per anställd och år").first.fill("2.5")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("18 anställda · mål 2,5")).to_be_visible()
    assert_fits_a_phone(page)
    assert_accessible(page, "admin")

    page.get_by_role("button", name="Skapa inbjudan").click()
    expect(page.get_by_role("heading", name="Inbjudan är klar")).to_be_visible()
    expect(page.locator("img.qr")).to_be_visible()
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 0
    assert_accessible(page, "admin with an invitation")
