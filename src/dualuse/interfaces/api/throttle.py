"""Sign-in throttling: failed attempts counted per user name and per client address over a
sliding window; past the limit an attempt is refused before any password is hashed.

In memory, per server process (`dualuse serve` runs one): a restart forgets the counts, which
only gives a guesser one more window. The limits are settings (`DUALUSE_LOGIN_MAX_FAILURES`
per user, `DUALUSE_LOGIN_MAX_FAILURES_PER_ADDRESS` per address, `DUALUSE_LOGIN_WINDOW_MINUTES`).
"""

from __future__ import annotations

import threading
import time
from collections import deque


class LoginThrottle:
    def __init__(self, per_user: int = 5, per_address: int = 20, window_seconds: float = 900, max_keys: int = 100_000):
        self.per_user, self.per_address, self.window = per_user, per_address, window_seconds
        self.max_keys = max_keys
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str, now: float | None = None) -> int:
        """Seconds until an attempt for `name` from `address` is allowed again; 0: allowed now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            waits = [
                self._wait(("user", name.casefold()), self.per_user, now),
                self._wait(("address", address), self.per_address, now),
            ]
        return max(waits)

    def failed(self, name: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._failures) >= self.max_keys:  # bounded memory: forget the oldest keys
                for key in list(self._failures)[: self.max_keys // 10]:
                    del self._failures[key]
            for key in (("user", name.casefold()), ("address", address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("user", name.casefold()), None)

    def _wait(self, key: tuple[str, str], limit: int, now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) < limit:
            return 0
        return max(1, int(self.window - (now - times[-limit])) + 1)
