"""A TCP proxy on loopback that drops, resets, delays or loses the answer of some connections.

Each accepted connection gets one fate, drawn from a seeded random generator:

- ``pass``: forwarded both ways;
- ``delay``: forwarded after a short wait;
- ``drop``: closed before anything reaches the server;
- ``reset``: reset (RST) before anything reaches the server;
- ``lose_response``: the request reaches the server, which answers, and the
  connection is then reset: the server committed, the client never hears of it;
- ``truncate``: like ``lose_response``, after the first bytes of the answer.

The proxy expects one request per connection (clients send ``Connection: close``),
so the server closing its side marks the end of the answer.
"""
from __future__ import annotations

import random
import select
import socket
import struct
import threading
import time
from collections import Counter

FAULTS = ("drop", "reset", "lose_response", "truncate")


class FlakyProxy:
    """Listen on 127.0.0.1 and forward to ``upstream_port``, spoiling ``fault_rate`` of connections.

    ``fault_rate`` may be changed while the proxy runs (0: a good network).
    """

    def __init__(self, upstream_port: int, *, seed: int = 7, fault_rate: float = 1 / 3,
                 delay_rate: float = 0.1, max_delay: float = 0.2, port: int = 0):
        self.upstream = ("127.0.0.1", upstream_port)
        self.random = random.Random(seed)
        self.fault_rate, self.delay_rate, self.max_delay = fault_rate, delay_rate, max_delay
        self.fates: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", port))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="flaky-proxy", daemon=True)

    def __enter__(self) -> FlakyProxy:
        self._acceptor.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._acceptor.join()
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def _choose(self) -> tuple[str, float]:
        with self._lock:
            roll = self.random.random()
            if roll < self.fault_rate:
                fate = FAULTS[int(roll / self.fault_rate * len(FAULTS))]
            elif roll < self.fault_rate + self.delay_rate:
                fate = "delay"
            else:
                fate = "pass"
            self.fates[fate] += 1
            return fate, self.random.uniform(0.01, self.max_delay)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        fate, delay = self._choose()
        try:
            with client:
                if fate == "drop":
                    return
                if fate == "reset":
                    _reset(client)
                    return
                if fate == "delay":
                    time.sleep(delay)
                with socket.create_connection(self.upstream, timeout=10) as upstream:
                    _pipe(client, upstream, fate)
        except OSError:
            pass  # the client gave up first: nothing to forward any more


def _reset(sock: socket.socket) -> None:
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _pipe(client: socket.socket, upstream: socket.socket, fate: str) -> None:
    """Forward until the server closes; withhold or cut the answer as the fate says."""
    forwarded = 0
    while True:
        ready, _, _ = select.select([client, upstream], [], [], 10)
        if not ready:
            return
        for sock in ready:
            data = sock.recv(65536)
            if sock is client:
                if not data:
                    return
                upstream.sendall(data)
                continue
            if not data:  # the answer is complete
                if fate in ("lose_response", "truncate"):
                    _reset(client)
                return
            if fate == "lose_response":
                continue
            if fate == "truncate":
                keep = max(0, 40 - forwarded)
                if keep:
                    client.sendall(data[:keep])
                    forwarded += keep
                continue
            client.sendall(data)
