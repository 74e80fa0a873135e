"""Browser tests: the system's Chromium, a live Gnista server per test, helpers."""
from __future__ import annotations

import logging
import os
import socket
import threading

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    """Mark every test in this folder that uses a browser as e2e."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) and "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def base_url():
    """Replace pytest-base-url's fixture, whose form pytest now deprecates; tests use live_server."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use the system's Chromium; never a downloaded browser."""
    return {**browser_type_launch_args,
            "executable_path": os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
            "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    """A phone-sized window, Swedish."""
    return {**browser_context_args, "viewport": {"width": 360, "height": 740},
            "locale": "sv-SE", "has_touch": True}


# What a screen must never show: a value the code forgot to fill in. Words of
# the page's text and labels made only of these (so "nullnull" too) count.
NONSENSE_WATCH = """(() => {
  const BAD = /^(?:null|undefined|NaN)+$/;
  const OBJECT = '[object Object]';
  const seen = new Set();
  const texts = () => {
    const out = [document.title, document.body ? document.body.innerText : ''];
    for (const el of document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')) {
      for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
        if (el.hasAttribute(name)) out.push(el.getAttribute(name));
      }
    }
    return out;
  };
  const check = () => {
    for (const text of texts()) {
      const words = text.split(/[^\\p{L}\\p{N}]+/u);
      const found = text.includes(OBJECT) ? [OBJECT] : words.filter((w) => BAD.test(w));
      for (const word of found) {
        const at = text.indexOf(word);
        const report = `${location.pathname}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`;
        if (!seen.has(report)) { seen.add(report); window.__gnistaNonsense?.(report); }
      }
    }
  };
  let timer = 0;
  const later = () => { clearTimeout(timer); timer = setTimeout(check, 30); };
  new MutationObserver(later).observe(document, { subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['aria-label', 'alt', 'title', 'placeholder', 'hidden', 'class'] });
  addEventListener('DOMContentLoaded', later);
})();"""


BODY_DONE = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield
    item.stash[BODY_DONE] = True


@pytest.fixture(autouse=True)
def page_must_not_fail(request):
    """Fail every browser test whose pages throw or show null, undefined, NaN or [object Object].

    Applies to every page of every context the test opens: the browser's
    new_context is wrapped for the test's duration, so pytest-playwright's
    own page and the contexts tests make themselves are all watched. What a
    page reports after the test's body has ended is not counted: the live
    server can stop before the page closes, failing fetches still in flight.
    """
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    errors: list[str] = []
    nonsense: list[str] = []

    def watch_page(page) -> None:
        def failed(error) -> None:
            if not request.node.stash.get(BODY_DONE, False):
                errors.append(f"{page.url}: {error}")
        page.on("pageerror", failed)

    def watch(context) -> None:
        context.expose_function("__gnistaNonsense", lambda report: nonsense.append(report))
        context.add_init_script(NONSENSE_WATCH)
        context.on("page", watch_page)
        for page in context.pages:
            watch_page(page)

    for context in browser.contexts:
        watch(context)
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        watch(context)
        return context

    browser.new_context = new_context
    try:
        yield
    finally:
        del browser.new_context
    assert not errors, f"uncaught errors in the page: {errors}"
    assert not nonsense, f"the page showed a missing value as text: {nonsense}"


@pytest.fixture
def workerless_page(browser, browser_context_args):
    """A phone-sized page in its own context with service workers blocked.

    Everything it loads comes from the network, as on a phone without the
    offline copy, and every request passes Playwright's routes (Chromium does
    not route a worker's).
    """
    context = browser.new_context(**browser_context_args, service_workers="block")
    yield context.new_page()
    context.close()


@pytest.fixture
def port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_config(app_config, port):
    """The server must know its own origin for WebAuthn and same-origin checks."""
    return {**app_config, "GNISTA_ORIGIN": f"http://localhost:{port}"}


class Draining:
    """Count the requests in the app, and at the end refuse new ones and wait for the rest.

    The page is still open when the server stops, and a keep-alive connection
    can bring a request after shutdown(): one still in the app when the
    engine is disposed would leave its database connection unclosed.
    """

    def __init__(self, app):
        self.app = app
        self.active = 0
        self.closed = False
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            if self.closed:
                start_response("503 Service Unavailable", [("Content-Length", "0"),
                                                           ("Connection", "close")])
                return [b""]
            self.active += 1
        try:
            # Flask pops its app context, returning the connection, before it returns.
            return self.app(environ, start_response)
        finally:
            with self.changed:
                self.active -= 1
                self.changed.notify_all()

    def close(self, timeout: float = 10.0) -> None:
        with self.changed:
            self.closed = True
            self.changed.wait_for(lambda: self.active == 0, timeout)


@pytest.fixture
def live_server(app, port):
    """Serve the app on localhost in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise here
    draining = Draining(app)
    server = make_server("127.0.0.1", port, draining, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{port}"
    server.shutdown()
    thread.join(timeout=5)
    draining.close()
    server.server_close()


@pytest.fixture
def invite(app, org):
    """Make an invitation token for a unit (default: Hemtjänst Norr) and role."""
    from server.admin.models import Unit
    from server.auth.services import create_invitation
    from server.extensions import db

    def make(role: str = "staff", unit=None) -> str:
        with app.app_context():
            _, token = create_invitation(db.session.get(Unit, (unit or org["north"]).id), role=role)
            db.session.commit()
            return token
    return make


@pytest.fixture
def join(live_server, invite):
    """Open the app in a page and become a new user by redeeming an invitation.

    The invitation is redeemed with fetch() inside the page, so the browser
    holds the session cookie. Waits until the service worker controls the page,
    unless worker=False (for a context that blocks service workers).
    """
    def do(page, name: str = "Anna", role: str = "staff", unit=None, worker: bool = True) -> dict:
        token = invite(role, unit)
        page.goto(f"{live_server}/signin")
        user = page.evaluate(
            """async ([token, name]) => {
                const res = await fetch(`/api/v1/invitations/${token}/redeem`, {
                  method: 'POST', credentials: 'same-origin',
                  headers: {'Content-Type': 'application/json', 'X-Requested-With': 'gnista'},
                  body: JSON.stringify({display_name: name, language: 'sv'})});
                if (!res.ok) throw new Error(await res.text());
                return res.json();
            }""", [token, name])
        page.goto(f"{live_server}/")
        if worker:
            wait_for_worker(page)
        return user
    return do


def wait_for_worker(page) -> None:
    """Wait until a service worker is active and controls the page."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def wait_for_cached(page, path: str) -> None:
    """Wait until the service worker has stored an answer for an API path.

    It stores a copy after answering the page, so going offline right after a
    screen shows can otherwise find nothing saved yet on a busy machine.
    """
    stored = """async (path) => {
      for (const name of await caches.keys()) {
        const keys = await (await caches.open(name)).keys();
        if (keys.some((request) => new URL(request.url).pathname === path)) return true;
      }
      return false;
    }"""
    for _ in range(150):
        if page.evaluate(stored, path):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the service worker stored no answer for {path}")


@pytest.fixture
def db_query(db_run):
    """Run a function inside the app context (to look at the database)."""
    return db_run


OUTBOX_COUNT = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('gnista');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('outbox')) { db.close(); resolve(0); return; }
    const req = db.transaction('outbox').objectStore('outbox').count();
    req.onsuccess = () => { db.close(); resolve(req.result); };
  };
})"""


def outbox_size(page) -> int:
    """How many writes wait in the page's outbox."""
    return page.evaluate(OUTBOX_COUNT)


def wait_until_sent(page, timeout: int = 20_000) -> None:
    """Wait until the outbox is empty: the server confirmed every write."""
    for _ in range(timeout // 100):
        if outbox_size(page) == 0:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the outbox still holds {outbox_size(page)} writes")


def add_virtual_authenticator(page) -> str:
    """Give the page's browser a platform authenticator (Face ID / fingerprint) that always agrees."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})["authenticatorId"]
