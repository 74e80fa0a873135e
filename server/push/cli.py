"""Command: the push worker that drains the outbox."""
from __future__ import annotations

import signal
import threading

import click
from flask.cli import with_appcontext

from . import worker as push_worker


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--interval", default=2.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds between looks at the outbox.")
@with_appcontext
def worker(once: bool, interval: float) -> None:
    """Send queued push notifications; runs until stopped unless --once is given."""
    if once:
        tally = push_worker.drain()
        push_worker.maintain()
        click.echo(f"Push deliveries handled: {tally.total} {tally.counts or ''}".rstrip())
        return
    stop = threading.Event()
    # Finish the message in hand on SIGTERM (systemd, docker stop) instead of dying mid-send.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    push_worker.run(interval=interval, stop=stop)
