"""The `flask --app wsgi gnista ...` command group; each feature adds its commands."""
from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("gnista", help="Gnista administration commands.")


def _register() -> None:
    from .admin.cli import org
    from .auth.cli import invite
    from .backups.cli import backup
    from .demo.cli import demo
    from .digest.cli import digest
    from .idempotency.cli import purge_keys
    from .privacy.cli import purge_photos
    from .push.cli import worker

    for command in (invite, org, demo, purge_keys, worker, purge_photos, backup, digest):
        cli.add_command(command)


_register()
