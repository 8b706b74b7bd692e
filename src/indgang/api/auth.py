"""API authentication: the browser session, or a per-person bearer token."""

from ninja.security import HttpBearer, django_auth

from indgang.organisations.public import person_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        person = person_for_token(token)
        if person is not None:
            request.user = person
        return person


# Either door gives the same person, and so the same permissions.
session_or_token = [BearerToken(), django_auth]
