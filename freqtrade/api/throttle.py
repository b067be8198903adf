"""Throttling of password and ``ws_token`` guessing that nobody can turn into a lock on the owner.

freqtrade never limits guessing; we do, with rules chosen so that the throttle itself is not a
weapon. An *account* is what a credential is checked against: a username (HTTP Basic: the
attempted username, configured or not) or the ``ws_token``.

1. Pair budget: 5 failures of one account from one address within 5 minutes refuse that
   (address, account) with 429 until the oldest of those failures is 5 minutes old. Two or
   three mistypes never lock anybody. Failures with a username that is not configured land
   on their own pair, so someone who does not know the username can never block the
   configured user's password, not even from the same address.
2. Account budget: 20 failures of one account from all addresses within an hour refuse that
   account from every address that is not trusted for it, until the oldest of those failures
   is an hour old. Guesses spread over many addresses are bounded: at most 20 an hour.
3. Trusted addresses: an address that presented the account's right credential within the
   last 30 days (the latest 16 per account, kept in memory) is not refused by rule 2, only by
   rule 1. Its failures still count towards both budgets.
4. While refused, the credential's result is never used and the attempt is not counted: the
   429 says nothing about the password, and hammering a refused key does not extend the lock.
5. A success forgives nothing: the owner's scripts logging in from an address an attacker
   shares (a proxy, the Docker bridge) must not reset the attacker's budget.
6. Configured and unknown usernames follow the same rules, so the throttle does not reveal
   which usernames exist. JWTs are never throttled (a signature cannot be guessed).

Trade-off: someone who knows the username but not the password can keep new addresses
waiting (20 failures an hour keep rule 2 refusing), but cannot touch addresses that logged in
before, nor bearer tokens; after a restart no address is trusted until it logs in once
outside such an attack. Someone who shares the owner's address and knows the username can
use rule 1 against the owner there (the address is all the server sees of them); a valid
JWT keeps working. Guessing an account is bounded by 20 an hour plus 5 every 5 minutes per
trusted address the guesser shares.

Memory: each table holds at most ``max_tracked`` keys (a key keeps at most its budget of
timestamps; usernames are hashed). When full, expired keys go first, then those with the
fewest recent failures: discarding a counter with n failures costs an attacker
``max_tracked * n`` failed requests of their own.
"""
from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta

from freqtrade.util.clock import dt_now

PAIR_MAX_FAILURES = 5
PAIR_WINDOW = timedelta(minutes=5)
ACCOUNT_MAX_FAILURES = 20
ACCOUNT_WINDOW = timedelta(hours=1)
TRUSTED_FOR = timedelta(days=30)
TRUSTED_PER_ACCOUNT = 16
MAX_TRACKED_KEYS = 10_000
WS_TOKEN_ACCOUNT = "ws_token"


def password_account(username: str) -> str:
    """The account of an HTTP Basic attempt; never equal to ``WS_TOKEN_ACCOUNT``."""
    return f"user:{username}"


def _digest(account: str) -> bytes:
    """Fixed-size key: an attempted username can be as long as the header allows."""
    return hashlib.blake2b(account.encode("utf-8", "replace"), digest_size=16).digest()


class FailureWindow:
    """Failure times (epoch seconds) per key within a sliding window; at most ``max_keys`` keys.

    A key keeps at most ``limit`` times: only the ``limit``-th latest failure decides a wait.
    """

    def __init__(self, limit: int, window: timedelta, max_keys: int) -> None:
        self.limit = limit
        self.window = window.total_seconds()
        self.max_keys = max_keys
        self._times: dict[Hashable, list[float]] = {}

    def __len__(self) -> int:
        return len(self._times)

    def _recent(self, key: Hashable, now: float) -> list[float] | None:
        times = self._times.get(key)
        if times is None:
            return None
        if times[0] <= now - self.window:
            times[:] = [t for t in times if t > now - self.window]
            if not times:
                del self._times[key]
                return None
        return times

    def wait(self, key: Hashable, now: float) -> float | None:
        """Seconds until ``key`` is under its limit again, or None if it is now."""
        times = self._recent(key, now)
        if times is None or len(times) < self.limit:
            return None
        return times[0] + self.window - now

    def add(self, key: Hashable, now: float) -> bool:
        """Count a failure; True when it uses up the key's budget."""
        times = self._recent(key, now)
        if times is None:
            if len(self._times) >= self.max_keys:
                self._make_room(now)
            times = self._times[key] = []
        times.append(now)
        del times[:-self.limit]
        return len(times) >= self.limit

    def _make_room(self, now: float) -> None:
        """Drop expired keys, then the tenth with the fewest and oldest failures."""
        horizon = now - self.window
        by_count: list[list[Hashable]] = [[] for _ in range(self.limit + 1)]
        for key, times in self._times.items():  # bucket 0: expired
            by_count[sum(1 for t in times if t > horizon)].append(key)
        to_drop = max(len(self._times) - len(by_count[0]) - self.max_keys + 1,
                      self.max_keys // 10)
        doomed = by_count[0]
        for keys in by_count[1:]:
            if to_drop <= 0:
                break
            if len(keys) > to_drop:
                keys = sorted(keys, key=lambda k: self._times[k][-1])[:to_drop]
            doomed.extend(keys)
            to_drop -= len(keys)
        for key in doomed:
            del self._times[key]


class LoginThrottle:
    """The rules of the module docstring; thread-safe, time from ``clock``."""

    def __init__(self, clock: Callable[[], datetime] = dt_now,
                 max_tracked: int = MAX_TRACKED_KEYS) -> None:
        self.clock = clock
        self._pairs = FailureWindow(PAIR_MAX_FAILURES, PAIR_WINDOW, max_tracked)
        self._accounts = FailureWindow(ACCOUNT_MAX_FAILURES, ACCOUNT_WINDOW, max_tracked)
        self._trusted: OrderedDict[bytes, OrderedDict[str, datetime]] = OrderedDict()
        self._max_trusted_accounts = max(1, max_tracked // TRUSTED_PER_ACCOUNT)
        self._lock = threading.Lock()

    def retry_after(self, address: str, account: str) -> int | None:
        """Whole seconds until ``account`` may be tried from ``address``, or None if now."""
        digest = _digest(account)
        with self._lock:
            now = self.clock()
            waits = [self._pairs.wait((address, digest), now.timestamp())]
            if not self._is_trusted(digest, address, now):
                waits.append(self._accounts.wait(digest, now.timestamp()))
        longest = max((w for w in waits if w is not None), default=None)
        return None if longest is None else max(1, math.ceil(longest))

    def failure(self, address: str, account: str) -> bool:
        """Count a wrong credential; True when this failure uses up the pair's budget."""
        digest = _digest(account)
        with self._lock:
            now = self.clock().timestamp()
            self._accounts.add(digest, now)
            return self._pairs.add((address, digest), now)

    def success(self, address: str, account: str) -> None:
        """Trust ``address`` for ``account``; earlier failures stay counted (rule 5)."""
        digest = _digest(account)
        with self._lock:
            addresses = self._trusted.pop(digest, None) or OrderedDict()
            addresses.pop(address, None)
            addresses[address] = self.clock()
            while len(addresses) > TRUSTED_PER_ACCOUNT:
                addresses.popitem(last=False)
            self._trusted[digest] = addresses
            while len(self._trusted) > self._max_trusted_accounts:
                self._trusted.popitem(last=False)

    def _is_trusted(self, digest: bytes, address: str, now: datetime) -> bool:
        addresses = self._trusted.get(digest)
        since = addresses.get(address) if addresses else None
        return since is not None and now - since < TRUSTED_FOR

    def tracked_keys(self) -> int:
        """How many counters are held (pairs plus accounts), for memory checks."""
        with self._lock:
            return len(self._pairs) + len(self._accounts)
