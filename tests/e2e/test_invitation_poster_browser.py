"""The printable invitation poster in Chromium: accessible, styled by its own stylesheet, printable."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def poster_token(app, org):
    from server.admin.models import Unit
    from server.auth.services import create_invitation
    from server.extensions import db

    with app.app_context():
        _, token = create_invitation(db.session.get(Unit, org["cleaning"].id), max_uses=100)
        db.session.commit()
        return token


def test_the_poster_is_accessible_and_styled_without_inline_css(page, live_server, poster_token):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server}/api/v1/invitations/{poster_token}/poster")
    expect(page.get_by_role("heading", level=1, name="Skanna för att gå med i Gnista")).to_be_visible()
    expect(page.get_by_text("Lokalvård")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kod: skanna för att gå med i Gnista")).to_be_visible()
    expect(page.get_by_role("link", name=f"{live_server}/join/{poster_token}")).to_be_visible()
    # The external stylesheet applied under the page's strict policy.
    assert page.evaluate("getComputedStyle(document.querySelector('.poster')).textAlign") == "center"
    assert refused == []
    violations = Axe().run(page, options=WCAG21_AA).response["violations"]
    assert not violations, "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations)


def test_the_poster_prints_on_one_a4_page(page, live_server, poster_token):
    page.goto(f"{live_server}/api/v1/invitations/{poster_token}/poster")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
