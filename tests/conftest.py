"""Shared fixtures: an app on a clean database, clients, and small factories."""
from __future__ import annotations

import base64
import io
import os
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image
from sqlalchemy import create_engine, func, select, text

from server import create_app
from server.admin.models import Unit
from server.auth.models import SESSION_LIFETIME, User, UserSession
from server.extensions import db
from server.timestamps import utcnow

PG_URL = os.environ.get("DATABASE_URL", "")
USE_PG = PG_URL.startswith("postgres")


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """Yield a factory of database URLs: one schema or file per name, dropped at the end."""
    created: list[str] = []
    admin_engine = None
    if USE_PG:
        from server.config import normalise_database_url
        admin_engine = create_engine(normalise_database_url(PG_URL), isolation_level="AUTOCOMMIT")
    base = tmp_path_factory.mktemp("db")

    def make(name: str) -> str:
        if USE_PG:
            schema = f"gnista_{name}_{uuid.uuid4().hex[:10]}"
            with admin_engine.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            created.append(schema)
            return _with_schema(PG_URL, schema)
        return f"sqlite:///{base / (name + '.db')}"

    yield make
    if admin_engine is not None:
        with admin_engine.connect() as conn:
            for schema in created:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin_engine.dispose()


@pytest.fixture(scope="session")
def main_database(database, tmp_path_factory):
    url = database("main")
    app = create_app(_config(url, tmp_path_factory.mktemp("setup")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


def _config(url: str, tmp) -> dict:
    return {"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp / "instance"),
            "UPLOAD_FOLDER": str(tmp / "photos"), "GNISTA_ORIGIN": "http://localhost:5000",
            "RATELIMIT_ENABLED": False, "SECRET_KEY": "test-" + uuid.uuid4().hex,
            "GNISTA_ALLOW_LOCAL_PUSH": True}


def _detachable_session():
    """A session whose objects stay readable after the app context ends."""
    session = db.session()
    session.expire_on_commit = False
    return session


def _truncate() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app_config(main_database, tmp_path):
    """The config passed to create_app; tests may change it before `app` is built."""
    return _config(main_database, tmp_path)


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        _truncate()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class ApiClient:
    """A test client that sends the header every unsafe request needs."""

    def __init__(self, flask_client):
        self.raw = flask_client
        flask_client.environ_base["HTTP_X_REQUESTED_WITH"] = "gnista"

    def __getattr__(self, name):
        return getattr(self.raw, name)


@pytest.fixture
def client(app):
    return ApiClient(app.test_client())


@pytest.fixture
def new_client(app):
    """Make more clients (other people, other phones)."""
    return lambda: ApiClient(app.test_client())


@pytest.fixture
def db_run(app):
    """Run a function with the database session inside the app context, then clean up."""
    def run(fn):
        with app.app_context():
            try:
                return fn(db.session)
            finally:
                db.session.remove()
    return run


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_unit(app):
    def make(name: str = "Hemtjänst Norr", *, parent: Unit | None = None, headcount: int = 10,
             target: float | None = None) -> Unit:
        with app.app_context():
            session = _detachable_session()
            unit = Unit(name=name, parent=session.get(Unit, parent.id) if parent else None,
                        headcount=headcount, target_per_employee=target)
            session.add(unit)
            session.commit()
            return unit
    return make


@pytest.fixture
def org(make_unit):
    """A small organisation: a municipality with two administrations and three units."""
    root = make_unit("Testkommun", headcount=100, target=2.0)
    care = make_unit("Omsorg", parent=root, headcount=0)
    service = make_unit("Service", parent=root, headcount=0)
    return {"root": root, "care": care, "service": service,
            "north": make_unit("Hemtjänst Norr", parent=care, headcount=20),
            "south": make_unit("Hemtjänst Söder", parent=care, headcount=30),
            "cleaning": make_unit("Lokalvård", parent=service, headcount=15)}


@pytest.fixture
def make_user(app, org):
    def make(role: str = "staff", *, unit: Unit | None = None, name: str | None = None,
             active: bool = True) -> User:
        with app.app_context():
            session = _detachable_session()
            user = User(display_name=name or f"{role.title()} {uuid.uuid4().hex[:4]}",
                        unit=session.get(Unit, (unit or org["north"]).id), role=role,
                        active=active)
            session.add(user)
            session.commit()
            return user
    return make


def record_session(app, user: User, *, device: str = "Test, Linux") -> str:
    """Record a server-side session for the user; returns the cookie's user id."""
    now = utcnow()
    with app.app_context():
        record = UserSession(user_id=user.id, device=device, created_at=now, last_used_at=now,
                             expires_at=now + SESSION_LIFETIME)
        db.session.add(record)
        db.session.commit()
        cookie_id = f"{user.id.hex}.{record.id.hex}"
        db.session.remove()
    return cookie_id


def count_rows(app, model) -> int:
    """Count a table's rows outside any request, as the tests' oracle."""
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(model))
        finally:
            db.session.remove()


@pytest.fixture
def sign_in(app):
    """Put a user's session cookie into a client, as a completed sign-in would."""
    def do(client, user: User):
        cookie_id = record_session(app, user)
        with client.raw.session_transaction() as session:
            session["_user_id"] = cookie_id
            session["_fresh"] = True
            session.permanent = True
        return client
    return do


@pytest.fixture
def as_user(new_client, sign_in, make_user):
    """A signed-in client for a new user: `as_user("handler", unit=...)`."""
    def make(role: str = "staff", **kwargs):
        user = make_user(role, **kwargs)
        client = sign_in(new_client(), user)
        client.user = user
        return client
    return make


def jpeg_bytes(width: int = 640, height: int = 480, *, gps: bool = False,
               orientation: int | None = None, colour=(200, 80, 40)) -> bytes:
    """Make a JPEG, optionally carrying a GPS position and an orientation tag."""
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (57.0, 42.0, 30.5), 3: "E", 4: (11.0, 58.0, 12.25)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


@pytest.fixture
def make_jpeg():
    return jpeg_bytes


@pytest.fixture
def post_idea():
    """Submit an idea through the API; returns the response."""
    def post(client, *, description: str = "Nyckelskåp i bilarna", title: str | None = None,
             photos: list[bytes] = (), key: str | None = None, anonymous: bool = False):
        data = {"description": description, "anonymous": "true" if anonymous else "false"}
        if title is not None:
            data["title"] = title
        data["photo"] = [(io.BytesIO(p), f"photo{i}.jpg", "image/jpeg")
                         for i, p in enumerate(photos)]
        headers = {"Idempotency-Key": key} if key else {}
        return client.post("/api/v1/ideas", data=data, headers=headers,
                           content_type="multipart/form-data")
    return post


def push_subscription() -> dict:
    """A browser's push subscription with a real P-256 key, to a port where nothing listens."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    return {"endpoint": f"http://127.0.0.1:9/push/{uuid.uuid4().hex}",
            "keys": {"p256dh": b64(key), "auth": b64(uuid.uuid4().bytes)}}
