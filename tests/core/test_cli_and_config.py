"""Commands and configuration: the way into a fresh install."""
import os

from sqlalchemy import func, select

from server import create_app
from server.admin.models import Unit
from server.auth.models import Invitation, User
from server.extensions import db
from server.ideas.models import Idea, Photo


def test_invite_prints_a_working_admin_link(app, runner, client):
    result = runner.invoke(args=["gnista", "invite", "--role", "admin"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://localhost:5000/join/")
    token = link.rsplit("/", 1)[1]
    info = client.get(f"/api/v1/invitations/{token}").json
    assert info["valid"] and info["role"] == "admin"
    created = client.post(f"/api/v1/invitations/{token}/redeem", json={"display_name": "Eva"})
    assert created.status_code == 201 and created.json["role"] == "admin"
    assert client.get("/api/v1/me").json["display_name"] == "Eva"


def test_invite_for_a_named_unit(app, runner, org):
    result = runner.invoke(args=["gnista", "invite", "--unit", "lokalvård"])
    assert result.exit_code == 0, result.output
    assert "Lokalvård" in result.output
    missing = runner.invoke(args=["gnista", "invite", "--unit", "Finns inte"])
    assert missing.exit_code != 0 and "No unit" in missing.output


def test_invite_refuses_a_unit_name_two_organisations_share(app, runner, org, make_unit, db_run):
    other = make_unit("Grannkommun", headcount=50)
    make_unit("Lokalvård", parent=other, headcount=5)
    count = db_run(lambda s: s.scalar(select(func.count()).select_from(Invitation)))

    shared = runner.invoke(args=["gnista", "invite", "--unit", "Lokalvård"])
    assert shared.exit_code != 0
    assert "2 organisations" in shared.output and "--org NAME-or-id" in shared.output
    assert "Testkommun" in shared.output and "Grannkommun" in shared.output
    assert db_run(lambda s: s.scalar(select(func.count()).select_from(Invitation))) == count

    by_name = runner.invoke(args=["gnista", "invite", "--unit", "lokalvård", "--org", "grannkommun"])
    assert by_name.exit_code == 0, by_name.output
    assert "Lokalvård, Grannkommun" in by_name.output
    by_id = runner.invoke(args=["gnista", "invite", "--unit", "Lokalvård", "--org", str(org["root"].id)])
    assert by_id.exit_code == 0, by_id.output
    assert "Lokalvård, Testkommun" in by_id.output

    def invited_orgs(session):
        return sorted(session.get(Unit, i.unit_id).org_id.hex
                      for i in session.scalars(select(Invitation)))
    assert db_run(invited_orgs) == sorted([org["root"].id.hex, other.id.hex])

    root = runner.invoke(args=["gnista", "invite", "--org", "Grannkommun", "--role", "admin"])
    assert root.exit_code == 0 and "(admin, Grannkommun)" in root.output
    elsewhere = runner.invoke(args=["gnista", "invite", "--unit", "Omsorg", "--org", "Grannkommun"])
    assert elsewhere.exit_code != 0 and "No unit in Grannkommun" in elsewhere.output
    unknown = runner.invoke(args=["gnista", "invite", "--org", "Finns inte"])
    assert unknown.exit_code != 0 and "No organisation" in unknown.output


def test_demo_creates_explorable_data_once(app, runner):
    result = runner.invoke(args=["gnista", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        statuses = set(db.session.scalars(select(Idea.status)))
        assert statuses == {"submitted", "acknowledged", "in_review", "approved",
                            "implemented", "declined", "merged"}
        assert db.session.scalar(select(func.count()).select_from(Idea)) >= 12
        assert db.session.scalar(select(func.count()).select_from(Photo)) >= 5
        assert {u.role for u in db.session.scalars(select(User))} == {"staff", "handler", "admin"}
        # Categories to filter and count by, most ideas with one, one routing to a unit.
        from server.categories.models import Category
        categories = db.session.scalars(select(Category)).all()
        assert {"Arbetsmiljö", "Hygien", "Kost", "IT och digitalt stöd", "Miljö"} <= {
            c.name for c in categories}
        assert any(c.unit_id is not None for c in categories)
        assert db.session.scalar(select(func.count()).select_from(Idea).where(
            Idea.category_id.is_not(None))) >= 8
        units = db.session.scalar(select(func.count()).select_from(Unit))
    again = runner.invoke(args=["gnista", "demo", "--if-empty"])
    assert again.exit_code == 0 and "no demo data" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Unit)) == units


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, main_database):
    os.environ.pop("SECRET_KEY", None)
    config = {"TESTING": True, "DATABASE_URL": main_database,
              "INSTANCE_PATH": str(tmp_path / "instance"), "UPLOAD_FOLDER": str(tmp_path / "p")}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600
    other = create_app({**config, "INSTANCE_PATH": str(tmp_path / "other")}).config["SECRET_KEY"]
    assert other != first


def test_postgres_urls_use_psycopg3():
    from server.config import normalise_database_url
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def _dotenv_config(tmp_path, main_database, *, testing: bool) -> dict:
    return {"TESTING": testing, "DATABASE_URL": main_database, "SECRET_KEY": "x" * 40,
            "INSTANCE_PATH": str(tmp_path / "instance"), "UPLOAD_FOLDER": str(tmp_path / "p")}


def test_a_developers_dotenv_is_not_read_by_tests(tmp_path, main_database, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text("GNISTA_ORIGIN=https://dev.example.org\nGNISTA_DOTENV_MARKER=read\n")
    monkeypatch.setenv("GNISTA_DOTENV", str(dotenv))
    monkeypatch.delenv("GNISTA_ORIGIN", raising=False)
    monkeypatch.delenv("GNISTA_DOTENV_MARKER", raising=False)

    app = create_app(_dotenv_config(tmp_path, main_database, testing=True))
    assert app.config["GNISTA_ORIGIN"] == "http://localhost:5000"
    assert "GNISTA_DOTENV_MARKER" not in os.environ

    monkeypatch.setenv("GNISTA_DOTENV", "0")
    app = create_app(_dotenv_config(tmp_path, main_database, testing=False))
    assert app.config["GNISTA_ORIGIN"] == "http://localhost:5000"
    assert "GNISTA_DOTENV_MARKER" not in os.environ


def test_the_dotenv_file_is_read_outside_tests(tmp_path, main_database, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text("GNISTA_ORIGIN=https://dev.example.org\n")
    monkeypatch.setenv("GNISTA_DOTENV", str(dotenv))
    monkeypatch.delenv("GNISTA_ORIGIN", raising=False)
    app = create_app(_dotenv_config(tmp_path, main_database, testing=False))
    assert app.config["GNISTA_ORIGIN"] == "https://dev.example.org"
    assert app.config["SESSION_COOKIE_SECURE"] is True
