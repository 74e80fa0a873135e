"""The migrations build exactly the models' schema, and downgrade/upgrade round-trips."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from server import create_app
from server.extensions import db


@pytest.fixture
def empty_app(database, tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": database("migrations"),
                      "INSTANCE_PATH": str(tmp_path / "instance"),
                      "UPLOAD_FOLDER": str(tmp_path / "photos"), "SECRET_KEY": "x" * 32})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_head_matches_the_models(empty_app):
    upgrade()
    assert differences() == []
    assert tables() == set(db.metadata.tables)


def test_downgrade_and_upgrade_round_trip(empty_app):
    upgrade()
    downgrade(revision="base")
    assert tables() == set()
    upgrade()
    assert differences() == []
