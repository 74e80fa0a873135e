"""The migrations build exactly the models' schema, and downgrade/upgrade round-trips."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from server import create_app
from server.extensions import db
from server.ideas import search


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
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "render_as_batch": True,
            "include_object": search.include_object})
        return compare_metadata(context, db.metadata)


def tables() -> set[str]:
    # The search index's tables are not models; test_search.py checks they work.
    return {name for name in inspect(db.engine).get_table_names()
            if name != "alembic_version" and not search.is_search_table(name)}


def search_tables() -> set[str]:
    return {name for name in inspect(db.engine).get_table_names() if search.is_search_table(name)}


def test_upgrade_head_matches_the_models(empty_app):
    upgrade()
    assert differences() == []
    assert tables() == set(db.metadata.tables)
    assert "idea_search" in search_tables()


def test_downgrade_and_upgrade_round_trip(empty_app):
    upgrade()
    downgrade(revision="base")
    assert tables() == set()
    assert search_tables() == set()
    upgrade()
    assert differences() == []
