"""Failed logins lock out per account and per address (django-axes; decision 0017)."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check before the password check, for logins over the web.

    A login without a request (the shell, a management command, the test client's
    ``login``) has no address to count and is not a web login; it is left to the next
    backend instead of being refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def locked_out(request, credentials, *args, **kwargs):
    """The answer to a locked-out login: a page in Danish, status 429 (Too Many Requests)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
