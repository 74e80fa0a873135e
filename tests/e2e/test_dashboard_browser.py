"""The dashboard and administration screens in Chromium at phone size: charts, tables, forms."""
from __future__ import annotations

import re
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
    # Visible comes before loaded: wait for the picture itself.
    page.wait_for_function("() => document.querySelector('img.qr')?.complete "
                           "&& document.querySelector('img.qr').naturalWidth > 0", timeout=15_000)
    assert_accessible(page, "admin with an invitation")


@pytest.fixture
def an_eighth_per_employee(app, org, ideas_this_year):
    """Lokalvård: 3 ideas this year for 24 employees, 0.125 per employee, which rounds half up to 0,13."""
    from server.admin.models import Unit
    from server.extensions import db

    with app.app_context():
        db.session.get(Unit, org["cleaning"].id).headcount = 24
        db.session.commit()
    return org["cleaning"]


CSV = """async (href) => { const res = await fetch(href); return res.text(); }"""


def test_the_dashboard_and_the_csv_round_a_figure_alike(page, join, live_server, org,
                                                          an_eighth_per_employee):
    join(page, name="Admin Alva", role="admin", unit=org["root"])
    page.goto(f"{live_server}/dashboard?unit={an_eighth_per_employee.id}")
    figure = page.locator(".stat").filter(has_text="Idéer per anställd").locator(".stat-value")
    expect(figure).to_have_text("0,13")
    csv = page.evaluate(CSV, page.get_by_role("link", name="Ladda ner som CSV (Excel)").get_attribute("href"))
    row = csv.splitlines()[1].split(";")
    assert row[0] == "Lokalvård" and row[4] == "0,13", row
    # The comparison one level up says the same.
    page.goto(f"{live_server}/dashboard?unit={org['service'].id}")
    expect(page.locator("svg[role=img] text", has_text="0,13")).to_have_count(1)


CHART_TEXT_SIZES = """() => [...document.querySelectorAll('svg.chart text')].map((text) => {
  const svg = text.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(text).fontSize) * scale;
})"""

WIDE = """() => [...document.querySelectorAll('main *')].filter((el) => {
  const box = el.getBoundingClientRect();
  return box.width && (box.right > innerWidth + 1 || box.left < -1) && !el.closest('.table-scroll table');
}).map((el) => el.tagName + '.' + el.className)"""


def open_tables(page) -> None:
    """Open the tables a phone keeps closed under their charts (a desk shows them open beside)."""
    closed = page.locator("details:not([open]) > summary", has_text="Visa siffrorna som tabell")
    for _ in range(closed.count()):
        closed.first.click()


@pytest.mark.parametrize("width,height", [(390, 844), (195, 422), (1440, 900)],
                         ids=["phone", "phone at 200 % zoom", "desk"])
def test_the_dashboard_reflows_and_its_charts_are_readable(page, join, live_server, org,
                                                          ideas_this_year, width, height):
    page.set_viewport_size({"width": width, "height": height})
    join(page, name="Admin Alva", role="admin", unit=org["root"])
    page.goto(f"{live_server}/dashboard")
    expect(page.locator("svg[role=img]")).to_have_count(2)
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes and min(sizes) >= 14, f"chart labels of {min(sizes):.1f} px"
    open_tables(page)
    expect(page.get_by_role("table")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(WIDE)
    assert page.evaluate(WIDE) == []
    if width >= 390:
        # The monthly table fits whole: nothing of it is cut off or needs scrolling sideways.
        monthly = page.get_by_role("region", name=re.compile("per månad"))
        assert monthly.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert_accessible(page, f"dashboard with its tables at {width} px")
    landmarks = Axe().run(page, options={"runOnly": {"type": "rule", "values": [
        "landmark-unique", "landmark-no-duplicate-main"]}}).response["violations"]
    assert not landmarks, [(v["id"], [n["target"] for n in v["nodes"]]) for v in landmarks]
