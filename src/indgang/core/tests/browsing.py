"""What browser tests share: a person logged in without going through the login form (the
login form has tests of its own)."""

from django.conf import settings
from django.test import Client


def log_in(page, live_server, person) -> None:
    """Give ``page``'s browser the session of ``person`` logged in."""
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
