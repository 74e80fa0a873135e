"""Gnista: the application factory."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from dotenv import load_dotenv
from flask import Flask

from . import config as config_module
from .json_body import JsonProvider
from .private_files import create_private, make_private, private_folder, sqlite_files

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Create and configure the app; tests pass their own config."""
    overrides = dict(config or {})
    _load_dotenv(testing=bool(overrides.get("TESTING")))
    instance_path = overrides.pop("INSTANCE_PATH", None) or os.environ.get(
        "GNISTA_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    app = Flask(__name__, instance_path=instance_path, static_folder=None)
    app.json = JsonProvider(app)
    private_folder(app.instance_path)

    app.config.from_mapping(config_module.DEFAULTS)
    app.config["PWA_FOLDER"] = str(PROJECT_ROOT / "pwa")
    app.config.update(config_module.from_environment(app.instance_path))
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.read_or_create_secret(app.instance_path,
                                                                       config_module.SECRET_FILE)
    url = config_module.normalise_database_url(app.config["DATABASE_URL"])
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("postgresql"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    secure = app.config["GNISTA_ORIGIN"].startswith("https://")
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    private_folder(app.config["UPLOAD_FOLDER"])
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        # Created here as 0600, so that SQLite's -wal and -shm files, which take
        # the database file's mode, are private too.
        database = Path(url[len("sqlite:///"):].split("?")[0])
        private_folder(database.parent)
        for path in sqlite_files(database):
            make_private(path)
        create_private(database)

    _init_extensions(app)
    _register_blueprints(app)
    _register_hooks(app)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    return app


def _load_dotenv(*, testing: bool) -> None:
    """Read the project's .env into the environment, unless tests or GNISTA_DOTENV say not to.

    A developer's .env (a PostgreSQL URL, a public origin) must not leak into a test run, so a
    config with TESTING skips it. GNISTA_DOTENV=0 skips it too; any other value names the file.
    Variables already in the environment win over the file.
    """
    choice = os.environ.get("GNISTA_DOTENV", "").strip()
    if testing or choice.lower() in {"0", "false", "no", "off"}:
        return
    load_dotenv(Path(choice) if choice and choice != "1" else PROJECT_ROOT / ".env")


def _init_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (every table, for Alembic and create_all)
    from . import transactions
    from .auth.services import load_user
    from .extensions import api, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.session_protection = None  # the nonce in the user id does this job
    limiter.init_app(app)
    api.init_app(app)
    transactions.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from .admin import blp as admin_blp
    from .auth import blp as auth_blp
    from .categories import blp as categories_blp
    from .cli import cli
    from .extensions import api
    from .ideas import blp as ideas_blp
    from .moderation import blp as moderation_blp
    from .privacy import blp as privacy_blp
    from .push import blp as push_blp
    from .shell import bp as shell_bp
    from .stats import blp as stats_blp

    api.register_blueprint(auth_blp)
    api.register_blueprint(ideas_blp)
    api.register_blueprint(push_blp)
    api.register_blueprint(admin_blp)
    api.register_blueprint(categories_blp)
    api.register_blueprint(stats_blp)
    api.register_blueprint(privacy_blp)
    api.register_blueprint(moderation_blp)
    app.register_blueprint(shell_bp)
    app.cli.add_command(cli)

    @app.get("/healthz")
    def health():
        return {"status": "ok"}


def _register_hooks(app: Flask) -> None:
    from . import compression, errors, lifecycle
    from .auth import answer_owner, guard, session_rolling
    from .idempotency import hooks as idempotency_hooks
    from .security import headers

    errors.register(app)
    compression.register(app)
    headers.register(app)
    session_rolling.register(app)
    answer_owner.register(app)
    app.before_request(guard.before_request)
    app.before_request(idempotency_hooks.before_request)
    # Registered last so it runs first among after_request hooks: the commit decides
    # the final response, and every later hook (headers) sees that one.
    lifecycle.register(app)
