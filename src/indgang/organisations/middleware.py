"""Puts the organisation the person is working for on the request.

A person may belong to several organisations; the one chosen is kept in the session
(`organisations:switch`). ``request.membership`` is None for anonymous visitors and for
people with no membership.
"""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "organisation_id"


def current_membership(request):
    from indgang.organisations.selectors import memberships_of

    memberships = list(memberships_of(request.user))
    if not memberships:
        return None
    wanted = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.organisation_id == wanted:
            return membership
    return memberships[0]


class CurrentOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
