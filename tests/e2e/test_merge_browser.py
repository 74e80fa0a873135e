"""A handler merges a duplicate from the idea screen; both ideas then show the relation."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from conftest import wait_for_cached, wait_until_sent
from server.ideas.models import Idea
from test_accessibility import assert_accessible

PHONE = {"width": 390, "height": 844}


def test_a_handler_merges_a_duplicate_and_both_ideas_show_it(
        page, join, live_server, as_user, post_idea, org, db_query):
    submitter = as_user(unit=org["north"], name="Anna Ek")
    duplicate = post_idea(submitter, title="Halkskydd", description="Halkskydd på trappan").json
    kept = post_idea(as_user(unit=org["north"]), title="Sanda trappan",
                     description="Sand på trappan vid entrén när det är halt").json
    voter = as_user(unit=org["south"])
    assert voter.put(f"/api/v1/ideas/{duplicate['id']}/vote").status_code == 200

    page.set_viewport_size(PHONE)
    join(page, name="Chef Cia", role="handler")
    page.goto(f"{live_server}/ideas/{duplicate['id']}")
    expect(page.get_by_role("heading", level=1, name="Halkskydd")).to_be_visible()
    page.get_by_role("button", name="Slå ihop med en annan idé").click()
    at_a_desk_and_zoomed(page, "merge search")
    page.get_by_label("Sök idén att slå ihop med").fill("sand")
    page.get_by_role("button", name="Sök", exact=True).click()
    choice = page.get_by_role("button", name="Sanda trappan")
    expect(choice).to_be_visible()
    # The idea itself is never offered.
    expect(page.locator(".merge-results li")).to_have_count(1)
    assert_accessible(page, "merge search")
    choice.click()

    expect(page.get_by_role("heading", name="Slå ihop idéerna?")).to_be_focused()
    expect(page.get_by_text("”Halkskydd” blir sammanslagen med ”Sanda trappan”.")).to_be_visible()
    assert_accessible(page, "merge confirmation")
    page.get_by_label("Meddelande till den som lämnade idén (valfritt)").fill("Samma förslag.")
    page.get_by_role("button", name="Slå ihop", exact=True).click()
    wait_until_sent(page)

    merged = page.locator(".merged-into")
    expect(merged).to_contain_text("Sammanslagen med")
    expect(page.locator(".meta .chip")).to_have_text("Sammanslagen")
    expect(page.locator(".history").get_by_text("Samma förslag.")).to_be_visible()
    expect(page.get_by_role("button", name="Slå ihop med en annan idé")).to_have_count(0)
    assert db_query(lambda s: s.get(Idea, uuid.UUID(duplicate["id"])).status) == "merged"
    assert_accessible(page, "merged idea")

    merged.get_by_role("link", name="Sanda trappan").click()
    expect(page.get_by_role("heading", level=1, name="Sanda trappan")).to_be_visible()
    here = page.get_by_role("region", name="Sammanslagna hit")
    expect(here.get_by_role("link", name="Halkskydd")).to_be_visible()
    expect(page.get_by_role("button", name="Rösta · 1 röst")).to_be_visible()  # the moved vote
    assert_accessible(page, "idea with merged ideas")
    at_a_desk_and_zoomed(page, "idea with merged ideas")


def test_a_colleague_sees_the_merge_in_english_and_the_feed_names_the_status(
        page, join, live_server, as_user, post_idea, org):
    duplicate = post_idea(as_user(unit=org["north"]), description="Fler laddare i fikarummet").json
    kept = post_idea(as_user(unit=org["north"]), title="Laddare", description="Laddare").json
    admin = as_user("admin", unit=org["root"])
    assert admin.post(f"/api/v1/ideas/{duplicate['id']}/merge",
                      json={"into": kept["id"]}).status_code == 200

    page.set_viewport_size(PHONE)
    join(page, name="Bo")
    expect(page.locator(".idea-card", has_text="Fler laddare").locator(".chip")).to_have_text(
        "Sammanslagen")
    page.evaluate("""() => fetch('/api/v1/me', {method: 'PATCH', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'gnista'},
        body: JSON.stringify({language: 'en'})})""")
    page.evaluate("localStorage.setItem('gnista.lang', 'en')")
    page.goto(f"{live_server}/ideas/{duplicate['id']}")
    expect(page.locator(".merged-into")).to_contain_text("Merged into")
    expect(page.locator(".merged-into").get_by_role("link", name="Laddare")).to_be_visible()
    expect(page.locator(".meta .chip")).to_have_text("Merged")
    # A colleague has no tools here: no merging, no workflow.
    expect(page.get_by_role("button", name="Merge with another idea")).to_have_count(0)
    assert_accessible(page, "merged idea for a colleague")
    at_a_desk_and_zoomed(page, "merged idea for a colleague")


def at_a_desk_and_zoomed(page, screen: str) -> None:
    """Check the screen at 1440 px and at 200 % zoom (180 px), then go back to the phone."""
    for size in ({"width": 1440, "height": 900}, {"width": 180, "height": 370}):
        page.set_viewport_size(size)
        assert_accessible(page, f"{screen} at {size['width']} px")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"] + 1, f"{screen}: content scrolls sideways ({width} px)"
    page.set_viewport_size(PHONE)


def test_the_handlers_tools_fetched_ahead_by_the_inbox_work_offline(
        page, context, join, live_server, as_user, post_idea, org, db_query):
    """The workflow left the app shell: the inbox fetches it ahead for the idea screen."""
    idea = post_idea(as_user(unit=org["north"]), title="Laddare",
                     description="Fler laddare i personalrummet").json
    page.set_viewport_size(PHONE)
    join(page, name="Chef Cia", role="handler")
    page.get_by_role("link", name="Inkorg").click()
    expect(page.locator(".idea-card", has_text="Laddare")).to_be_visible()
    for path in ("/js/ui/handling.js", "/js/ui/workflow.js", "/js/ui/merge.js",
                 "/i18n/merge/sv.json"):
        wait_for_cached(page, path)
    # The idea's page was read before (its copy is kept); the tools never were.
    page.evaluate("(id) => fetch(`/api/v1/ideas/${id}`).then((r) => r.ok)", idea["id"])
    wait_for_cached(page, f"/api/v1/ideas/{idea['id']}")

    context.set_offline(True)
    page.goto(f"{live_server}/ideas/{idea['id']}")
    expect(page.get_by_role("heading", name="Hantera idén")).to_be_visible()
    expect(page.get_by_role("button", name="Slå ihop med en annan idé")).to_be_visible()
    page.get_by_role("button", name="Bekräfta mottagen").click()
    expect(page.locator(".meta .chip.waiting")).to_be_visible()
    context.set_offline(False)
    wait_until_sent(page)
    assert db_query(lambda s: s.get(Idea, uuid.UUID(idea["id"])).status) == "acknowledged"


def test_a_rejected_merge_edited_in_the_outbox_is_still_a_merge(page, join, live_server):
    """A merge waits in the outbox as a status change; editing its note keeps its target."""
    join(page, name="Chef Cia", role="handler")
    bodies = page.evaluate("""async () => {
      const { rebuild } = await import('/js/ui/outbox-fix.js');
      const read = (r) => JSON.parse(new TextDecoder().decode(r.body));
      const merge = rebuild({ kind: 'status', record: { url: '/api/v1/ideas/a/merge', headers: {} },
        meta: { ideaId: 'a', status: 'merged', note: 'Först', into: 'b' } }, { note: 'Sedan' });
      const move = rebuild({ kind: 'status', record: { url: '/api/v1/ideas/a/status', headers: {} },
        meta: { ideaId: 'a', status: 'declined', note: 'Först' } }, { note: 'Sedan' });
      return [merge.record.url, read(merge.record), read(move.record)];
    }""")
    assert bodies == ["/api/v1/ideas/a/merge", {"into": "b", "note": "Sedan"},
                      {"status": "declined", "note": "Sedan"}]
