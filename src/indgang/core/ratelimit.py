"""Limits that hold under abuse: who is asking, and how often (decision 0017).

- ``client_ip``: the caller's real address. ``X-Forwarded-For`` counts only when the app
  sits behind ``settings.TRUSTED_PROXIES`` proxies of our own (default none): then the
  address the nearest of them saw, so a client cannot choose its own by sending the header.
- ``hit``: one more request of a caller in a scope; False once over the rate. Counted in a
  fixed window in Django's default cache, which is the database cache (shared by every
  worker process, on SQLite and PostgreSQL alike).
- ``ClientRateThrottle``: the same counter as a throttle for the API (django-ninja),
  with its rate read from a setting on every request.

Rates are "count/period" strings as in ninja and django-ratelimit: "120/m", "5/h", "50/d".
"""

import hashlib
import ipaddress
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from ninja.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/m" -> (120, 60); "10/5m" -> (10, 300); "50/day" -> (50, 86400)."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*", rate or "")
    if not match:
        raise ImproperlyConfigured(f"Not a rate (count/period, e.g. 120/m): {rate!r}")
    return int(match[1]), int(match[2] or 1) * PERIODS[match[3]]


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the caller, trusting X-Forwarded-For only from our own proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a]
        if forwarded:
            # The nearest proxy appended what it saw last; each proxy further in, one more.
            address = _valid_ip(forwarded[-min(proxies, len(forwarded))])
            if address:
                return address
    return _valid_ip(remote) or "unknown"


def axes_client_ip(request) -> str | None:
    """The caller's address for django-axes, whose columns hold addresses only: None for a
    request without one (a login made in code, as the test client's)."""
    address = client_ip(request)
    return None if address == "unknown" else address


def hit(scope: str, key: str, rate: str, *, now: float | None = None) -> bool:
    """Count one request of ``key`` in ``scope``; True while within ``rate``.

    A window opens with the key's first request and lasts the rate's period; the count of
    a window is one cache entry raised with ``incr``, so workers add up rather than
    overwrite each other.
    """
    return _count(scope, key, rate, time.time() if now is None else now)[0]


def _count(scope: str, key: str, rate: str, now: float) -> tuple[bool, float]:
    """(within the rate, when the window closes)."""
    limit, period = parse_rate(rate)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    start_key = f"limit:{scope}:{digest}:start"
    cache.add(start_key, now, period)
    start = cache.get(start_key, now)
    if not start <= now < start + period:
        start = now
        cache.set(start_key, start, period)
    count_key = f"limit:{scope}:{digest}:{int(start * 1000)}"
    cache.add(count_key, 0, period + 1)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, period + 1)
        count = 1
    return count <= limit, start + period


def within(request, scope: str, rate: str, *keys: str) -> bool:
    """True while the caller's address and every other given key (e.g. an email) is
    within ``rate`` in ``scope``. Every key is counted, even after one is over."""
    results = [hit(scope, f"ip:{client_ip(request)}", rate)]
    results += [hit(scope, f"key:{key.strip().lower()}", rate) for key in keys if key]
    return all(results)


class ClientRateThrottle(BaseThrottle):
    """A ninja throttle per client address, at the rate in ``settings.<setting>``."""

    timer = staticmethod(time.time)

    def __init__(self, setting: str, scope: str | None = None):
        self.setting = setting
        self.scope = scope or setting.lower()
        self.now = self.window_end = 0.0

    def allow_request(self, request) -> bool:
        self.now = self.timer()
        rate = getattr(settings, self.setting)
        allowed, self.window_end = _count(self.scope, client_ip(request), rate, self.now)
        return allowed

    def wait(self) -> float:
        return max(0.0, self.window_end - self.now)
