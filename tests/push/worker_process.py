"""Run one pass of the push worker in a process of its own, for tests that race or kill workers.

Usage: python worker_process.py CONFIG_JSON OPTIONS_JSON; prints the tally as JSON.
Options: "batch" and "threads" for the worker; "start_file", a file to wait for
before claiming, so that several workers start together; "hang_after_claim", a
file written when the first message is about to be sent, after which the
process hangs until it is killed; "send_delay", seconds each send takes longer,
as over a real network, so that racing workers overlap.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path


def main() -> None:
    config, options = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    from server import create_app
    from server.extensions import db
    from server.push import sender, worker

    app = create_app(config)
    if options.get("hang_after_claim"):
        marker = Path(options["hang_after_claim"])

        def hang(*_args, **_kwargs):
            marker.write_text("claimed")
            time.sleep(3600)

        sender.send = hang
    elif options.get("send_delay"):
        real_send, delay = sender.send, options["send_delay"]

        def slow(*args, **kwargs):
            time.sleep(delay)
            return real_send(*args, **kwargs)

        sender.send = slow
    if options.get("start_file"):
        start = Path(options["start_file"])
        while not start.exists():
            time.sleep(0.01)
    with app.app_context():
        settings = replace(worker.Settings.from_app(), batch=options.get("batch", 50),
                           threads=options.get("threads", 8))
        tally = worker.drain(settings)
        db.session.remove()
    print(json.dumps(tally.counts), flush=True)


if __name__ == "__main__":
    main()
