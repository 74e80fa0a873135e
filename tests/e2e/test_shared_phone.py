"""A work phone shared per shift: the next person never sees the last one's data, online or off.

One browser profile is the phone. Person A (a handler) reads the feed, their
own idea with a photo, a colleague's anonymous idea (whose submitter only a
handler sees) and their notifications; then the person changes by each route
the app has: A's session ends without a sign-out (the cookie is gone), A signs
in as someone else, A joins as someone else from an invitation, A signs out.
Afterwards nothing of A's may be readable from the page, Cache Storage or
IndexedDB, online or offline.
"""
from __future__ import annotations

import base64
import json
import uuid

import pytest
from conftest import add_virtual_authenticator, wait_for_worker
from playwright.sync_api import expect
from sqlalchemy import select
from test_passkeys_browser import CALL, REDEEM, REGISTER, SIGN_IN

from server.auth.models import User
from server.ideas import services as ideas
from server.ideas.models import Idea
from server.push.models import PushSubscription

A_IDEA = "A-hemlig: nyckelskåpet hos brukaren på Storgatan"
ANON_IDEA = "C-anonym: lyften i badrummet kärvar"
ANON_NAME = "Cecilia Hemligsson"
A_NAME = "Åsa Handläggare"
A_NOTE = "A-besked: vi beställer ett nytt skåp"
B_NAME = "Bertil Nästa"

SUBMIT_WITH_PHOTO = """async ([description, jpeg]) => {
  const body = new FormData();
  body.append('description', description);
  const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
  body.append('photo', new Blob([bytes], {type: 'image/jpeg'}), 'photo.jpg');
  const res = await fetch('/api/v1/ideas', {method: 'POST', body, credentials: 'same-origin',
    headers: {'X-Requested-With': 'gnista', 'Idempotency-Key': crypto.randomUUID()}});
  if (!res.ok) throw new Error(await res.text());
  return res.json();
}"""

# Everything the page can read from Cache Storage: each entry's URL and body as text.
CACHE_STORAGE = """async () => {
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push({cache: name, url: request.url, body: await response.text()});
    }
  }
  return out;
}"""

# Everything in every IndexedDB database of the origin, as text.
INDEXED_DB = """async () => {
  const text = (v) => JSON.stringify(v, (k, x) => (x instanceof ArrayBuffer || ArrayBuffer.isView(x)
    ? new TextDecoder('latin1').decode(x) : x));
  const out = [];
  for (const {name} of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of db.objectStoreNames) {
      const all = (method) => new Promise((resolve) => {
        const req = db.transaction(store).objectStore(store)[method]();
        req.onsuccess = () => resolve(req.result);
      });
      out.push({db: name, store, keys: text(await all('getAllKeys')), values: text(await all('getAll'))});
    }
    db.close();
  }
  return out;
}"""

# What a page can still fetch for a URL (offline: only what the service worker answers).
FETCH = """async (url) => {
  try {
    const res = await fetch(url, {credentials: 'same-origin'});
    return {status: res.status, body: (await res.text()).slice(0, 2000)};
  } catch (e) {
    return {status: 0, body: String(e)};
  }
}"""


def _jpeg(make_jpeg) -> str:
    return base64.b64encode(make_jpeg(640, 480, colour=(30, 120, 200))).decode()


class SharedPhone:
    """One browser profile with a platform authenticator, passed between people."""

    def __init__(self, page, live_server: str):
        self.page = page
        self.url = live_server
        page.goto(f"{live_server}/healthz")
        add_virtual_authenticator(page)

    def redeem(self, token: str, name: str) -> dict:
        joined = self.page.evaluate(REDEEM, [token, name])
        assert joined["status"] == 201, joined
        return joined["body"]

    def enrol(self, token: str, name: str) -> dict:
        """A person joins on this phone, makes a passkey on it, and signs out."""
        person = self.redeem(token, name)
        assert self.page.evaluate(REGISTER, "Skiftmobilen")["status"] == 201
        assert self.page.evaluate(CALL, ["/session", "DELETE"])["status"] == 204
        return person

    def go(self, path: str) -> None:
        self.page.goto(self.url + path)

    def sign_in_on_screen(self) -> None:
        """Sign in with the phone's passkey from the app's own sign-in screen."""
        if not self.page.url.startswith(f"{self.url}/signin"):
            self.go("/signin")
        self.page.get_by_role("button", name="Logga in med nyckel").click()
        expect(self.page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()

    def cache_storage(self) -> str:
        return repr(self.page.evaluate(CACHE_STORAGE))

    def indexed_db(self) -> str:
        return repr(self.page.evaluate(INDEXED_DB))

    def fetch(self, path: str) -> dict:
        return self.page.evaluate(FETCH, path)


@pytest.fixture
def phone(page, live_server):
    return SharedPhone(page, live_server)


@pytest.fixture
def person_b(phone, invite, org):
    """A cleaner whose passkey is on the phone from an earlier shift; signed out."""
    return phone.enrol(invite("staff", org["cleaning"]), B_NAME)


@pytest.fixture
def person_a(phone, person_b, invite, org, as_user, post_idea, make_user, db_query, make_jpeg):
    """A handler of Hemtjänst Norr who has read everything the app keeps offline."""
    a = phone.redeem(invite("handler", org["north"]), A_NAME)
    phone.go("/")
    wait_for_worker(phone.page)
    own = phone.page.evaluate(SUBMIT_WITH_PHOTO, [A_IDEA, _jpeg(make_jpeg)])
    colleague = as_user("staff", unit=org["north"], name=ANON_NAME)
    anonymous = post_idea(colleague, description=ANON_IDEA, anonymous=True).get_json()
    other_handler = make_user("handler", unit=org["north"], name="Olle Chef")

    def acknowledge(session):
        ideas.change_status(session.get(User, other_handler.id), session.get(Idea, uuid.UUID(own["id"])),
                            to_status="acknowledged", note=A_NOTE)
        session.commit()
    db_query(acknowledge)

    page = phone.page
    phone.go("/")
    expect(page.get_by_text(A_IDEA).first).to_be_visible()
    expect(page.get_by_text(ANON_IDEA).first).to_be_visible()
    phone.go("/mine")
    expect(page.get_by_text(A_IDEA).first).to_be_visible()
    phone.go(f"/ideas/{own['id']}")
    photo = page.locator("img[src*='/api/v1/photos/']").first
    expect(photo).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    phone.go(f"/ideas/{anonymous['id']}")
    # A handler sees who sent an anonymous idea.
    expect(page.get_by_text(ANON_NAME).first).to_be_visible()
    phone.go("/notifications")
    expect(page.get_by_text(A_NOTE).first).to_be_visible()

    photo_ids = [p["id"] for p in own["photos"]]
    stored = phone.cache_storage()
    # The check below means something only if A's data really was kept for offline use.
    assert A_IDEA in stored and ANON_NAME in stored and A_NOTE in stored and photo_ids[0] in stored
    return {"user": a, "own": own, "anonymous": anonymous, "photo_ids": photo_ids}


def secrets_of(a: dict) -> list[str]:
    return [A_IDEA, ANON_IDEA, ANON_NAME, A_NAME, A_NOTE, a["user"]["id"], a["own"]["id"],
            a["anonymous"]["id"], *a["photo_ids"]]


def _around(text: str, secret: str) -> str:
    at = text.index(secret)
    return text[max(0, at - 300):at + 100]


def assert_nothing_of(phone: SharedPhone, a: dict, *, offline: bool = False) -> None:
    """Nothing of A's is on screen, in Cache Storage or in IndexedDB, nor (offline) fetchable by URL.

    Online the server decides: A's idea is visible across the organisation, so
    B may fetch it by its address, but never with its anonymous submitter.
    """
    stored, indexed = phone.cache_storage(), phone.indexed_db()
    screen = phone.page.locator("body").inner_text()
    for secret in secrets_of(a):
        assert secret not in screen, f"{secret!r} is on the screen"
        assert secret not in stored, f"{secret!r} is in Cache Storage: {_around(stored, secret)}"
        assert secret not in indexed, f"{secret!r} is in IndexedDB: {_around(indexed, secret)}"
    if not offline:
        # Asked of the server past the service worker, so the answer is not kept as B's copy.
        assert ANON_NAME not in phone.page.request.get(f"{phone.url}/api/v1/ideas/{a['anonymous']['id']}").text()
        return
    for path in (f"/api/v1/ideas/{a['own']['id']}", f"/api/v1/ideas/{a['anonymous']['id']}",
                 *(f"/api/v1/photos/{p}?size={size}" for p in a["photo_ids"] for size in ("thumb", "full"))):
        got = phone.fetch(path)
        assert got["status"] != 200, f"{path} still answers: {got}"
        assert not any(secret in got["body"] for secret in secrets_of(a))


def use_the_app_as_b(phone: SharedPhone) -> None:
    """B reads their own screens online, so that their copies exist for offline use."""
    for path, heading in (("/", "Idéer"), ("/mine", "Mina idéer"), ("/notifications", "Notiser")):
        phone.go(path)
        expect(phone.page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        phone.page.wait_for_load_state("networkidle")


def assert_b_offline_sees_only_b(phone: SharedPhone, context, a: dict, b_name: str) -> None:
    context.set_offline(True)
    try:
        for path, heading in (("/", "Idéer"), ("/mine", "Mina idéer"), ("/notifications", "Notiser")):
            phone.go(path)
            expect(phone.page.get_by_role("heading", level=1, name=heading)).to_be_visible()
            phone.page.wait_for_load_state("networkidle")
            assert_nothing_of(phone, a, offline=True)
        # The offline copy of who is signed in is B's own.
        me = phone.fetch("/api/v1/me")
        assert me["status"] == 200 and json.loads(me["body"])["display_name"] == b_name
        # Even asked for by its address, A's idea does not come from a copy.
        phone.go(f"/ideas/{a['anonymous']['id']}")
        phone.page.wait_for_load_state("networkidle")
        assert_nothing_of(phone, a, offline=True)
    finally:
        context.set_offline(False)


def test_after_a_session_ends_without_sign_out_the_next_person_sees_nothing_of_it(phone, person_a,
                                                                                  context):
    # A's shift ends without signing out: the session cookie is simply gone.
    context.clear_cookies()
    phone.go("/")
    expect(phone.page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    assert_nothing_of(phone, person_a)

    phone.sign_in_on_screen()
    use_the_app_as_b(phone)
    assert_nothing_of(phone, person_a)
    assert_b_offline_sees_only_b(phone, context, person_a, B_NAME)


def test_signing_in_as_someone_else_leaves_nothing_of_the_last_person(phone, person_a, context):
    # A is still signed in when B takes the phone and signs in over A's session.
    phone.go("/signin")
    phone.sign_in_on_screen()
    use_the_app_as_b(phone)
    assert_nothing_of(phone, person_a)
    assert_b_offline_sees_only_b(phone, context, person_a, B_NAME)


def test_joining_from_an_invitation_leaves_nothing_of_the_last_person(phone, person_a, context,
                                                                       invite, org):
    phone.go(f"/join/{invite('staff', org['cleaning'])}")
    phone.page.get_by_label("Ditt namn").fill("Dana Ny")
    phone.page.get_by_role("button", name="Fortsätt").click()
    expect(phone.page.get_by_role("heading", name="Skapa en inloggningsnyckel")).to_be_visible()
    phone.page.get_by_role("link", name="Senare").click()
    use_the_app_as_b(phone)
    assert_nothing_of(phone, person_a)
    assert_b_offline_sees_only_b(phone, context, person_a, "Dana Ny")


def test_signing_out_leaves_nothing_of_the_person_online_or_offline(phone, person_a, context):
    phone.go("/settings")
    phone.page.get_by_role("button", name="Logga ut").click()
    # Signing out ends the push subscription and deletes the person's caches and stores before
    # the sign-in screen shows: on a busy machine that takes longer than a render.
    expect(phone.page.get_by_role("heading", level=1, name="Logga in")).to_be_visible(timeout=20_000)
    assert_nothing_of(phone, person_a)
    context.set_offline(True)
    try:
        phone.go("/mine")
        expect(phone.page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
        assert_nothing_of(phone, person_a, offline=True)
    finally:
        context.set_offline(False)


def test_the_worker_alone_never_answers_with_the_last_persons_copy(phone, person_a, context):
    # B signs in without the app's code learning of it (no screen runs /me after),
    # then the phone goes offline: only the worker stands between B and A's copies.
    phone.go("/signin")
    signed_in = phone.page.evaluate(SIGN_IN)
    assert signed_in["status"] == 200 and signed_in["body"]["display_name"] == B_NAME
    context.set_offline(True)
    try:
        for path in ("/", "/mine", "/notifications"):
            phone.go(path)
            phone.page.wait_for_load_state("networkidle")
            assert_nothing_of(phone, person_a, offline=True)
        me = phone.fetch("/api/v1/me")
        assert me["status"] != 200 or json.loads(me["body"])["display_name"] == B_NAME
    finally:
        context.set_offline(False)


# PushManager.subscribe() needs the browser vendor's push service, which is out of reach
# here (TESTING.md). This stands in for that part only: a subscription with a real P-256
# key and auth secret, kept across reloads like the browser's, whose unsubscribe() is
# recorded. Everything around it (the page's logic, the server) runs for real.
PUSH_SERVICE_STAND_IN = """(() => {
  if (typeof PushManager === 'undefined') return;
  const KEY = 'test.push.subscription', LOG = 'test.push.unsubscribed';
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
    .replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '');
  const wrap = (s) => ({
    endpoint: s.endpoint, expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: Uint8Array.from(s.appKey).buffer },
    toJSON: () => ({ endpoint: s.endpoint, expirationTime: null, keys: s.keys }),
    unsubscribe: async () => {
      localStorage.removeItem(KEY);
      localStorage.setItem(LOG, JSON.stringify([...JSON.parse(localStorage.getItem(LOG) || '[]'), s.endpoint]));
      return true;
    },
  });
  PushManager.prototype.getSubscription = async function () {
    const s = localStorage.getItem(KEY);
    return s ? wrap(JSON.parse(s)) : null;
  };
  PushManager.prototype.subscribe = async function ({ applicationServerKey }) {
    const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const s = {
      endpoint: `http://127.0.0.1:9/push/${crypto.randomUUID()}`,
      keys: { p256dh: b64(await crypto.subtle.exportKey('raw', pair.publicKey)),
              auth: b64(crypto.getRandomValues(new Uint8Array(16))) },
      appKey: [...new Uint8Array(applicationServerKey)],
    };
    localStorage.setItem(KEY, JSON.stringify(s));
    return wrap(s);
  };
})()"""

UNSUBSCRIBED = "JSON.parse(localStorage.getItem('test.push.unsubscribed') || '[]')"
SUBSCRIBED = "JSON.parse(localStorage.getItem('test.push.subscription') || 'null')"


def _subscriptions(db_query) -> set[tuple[str, str]]:
    return set(db_query(lambda s: [(sub.endpoint, str(sub.user_id))
                                   for sub in s.scalars(select(PushSubscription))]))


def _turn_push_on(phone: SharedPhone) -> str:
    phone.go("/settings")
    phone.page.get_by_role("button", name="Slå på notiser").click()
    expect(phone.page.get_by_role("button", name="Stäng av notiser")).to_be_visible()
    return phone.page.evaluate(SUBSCRIBED)["endpoint"]


def test_push_follows_the_person_not_the_phone(page, context, live_server, invite, org, db_query):
    context.add_init_script(PUSH_SERVICE_STAND_IN)
    context.grant_permissions(["notifications"], origin=live_server)
    phone = SharedPhone(page, live_server)
    b = phone.redeem(invite("staff", org["cleaning"]), B_NAME)
    assert phone.page.evaluate(REGISTER, "Skiftmobilen")["status"] == 201
    phone.go("/")
    wait_for_worker(page)
    b_endpoint = _turn_push_on(phone)
    assert _subscriptions(db_query) == {(b_endpoint, b["id"])}

    # B signs out at the end of the shift: the phone's subscription ends, here and on the server.
    phone.page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    assert page.evaluate(UNSUBSCRIBED) == [b_endpoint]
    assert _subscriptions(db_query) == set()

    # A's shift: A joins and turns push on; then A's session ends without a sign-out.
    a = phone.redeem(invite("handler", org["north"]), A_NAME)
    a_endpoint = _turn_push_on(phone)
    assert _subscriptions(db_query) == {(a_endpoint, a["id"])}
    context.clear_cookies()
    phone.go("/")
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    # Nobody is signed in to tell the server yet, but the phone no longer holds A's subscription.
    assert page.evaluate(UNSUBSCRIBED) == [b_endpoint, a_endpoint]
    assert page.evaluate(SUBSCRIBED) is None

    # B takes the phone: the server forgets A's subscription (its keys prove the phone held
    # it), and B, who had push on here, is subscribed afresh.
    phone.sign_in_on_screen()
    for _ in range(50):
        fresh = page.evaluate(SUBSCRIBED)
        if fresh and _subscriptions(db_query) == {(fresh["endpoint"], b["id"])}:
            break
        page.wait_for_timeout(100)
    assert fresh and fresh["endpoint"] not in (a_endpoint, b_endpoint)
    assert _subscriptions(db_query) == {(fresh["endpoint"], b["id"])}
    assert page.evaluate("localStorage.getItem('gnista.push.leftover')") is None
