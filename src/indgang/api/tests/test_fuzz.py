"""Property-based fuzzing of the whole OpenAPI schema (schemathesis): every operation of
/api/v1/openapi.json gets generated requests, valid and invalid, anonymous and with a
bearer token. No answer may be a server error, and every answer must match the schema
(its status code, content type and body)."""

import contextlib

import hypothesis
import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, given
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS

from indgang.catalog.tests.factories import make_offer, operator
from indgang.crm.tests.factories import company_file, staff
from indgang.organisations.services import create_api_token
from indgang.registry.tests.factories import CompanyFactory

# Examples per operation and generation mode; bounded so the test runs in well under a minute.
MAX_EXAMPLES = 6


def django_wsgi():
    """A WSGI app around Django's test handler: the test's own database connection and
    transaction stay open between requests (a real WSGI handler closes them)."""
    handler = ClientHandler(enforce_csrf_checks=True)

    def app(environ, start_response):
        response = handler(environ)
        headers = list(response.items()) + [
            ("Set-Cookie", c.output(header="")) for c in response.cookies.values()
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [b"".join(response) if response.streaming else response.content]

    return app


CHECK_NAMES = {
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
}


def fuzz(operation, mode, auth, checks, stats) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    def run(case):
        stats["requests"] += 1
        response = case.call(headers=auth)
        try:
            case.validate_response(response, checks=checks, headers=auth)
        except (Exception, BaseExceptionGroup) as exc:
            who = "token" if auth else "anonymous"
            stats["failures"].append(f"{operation.label} [{mode.value}, {who}]: {exc}")

    # Unsatisfiable: nothing in this operation can be made invalid (no parameters, no body)
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        run()


@pytest.mark.django_db
def test_no_server_error_and_no_schema_violation(settings):
    settings.GUIDE_ANON_RATE = "100000/m"
    org = operator("eh-test")
    make_offer()
    company = CompanyFactory()
    company_file(org, company=company)
    member = staff(org)
    token = create_api_token(person=member.person, name="fuzz")

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", django_wsgi())
    checks = [c for c in CHECKS.get_all() if c.__name__ in CHECK_NAMES]
    stats = {"operations": 0, "requests": 0, "failures": []}
    for result in schema.get_all_operations():
        operation = result.ok()
        stats["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for auth in ({}, {"Authorization": f"Bearer {token}"}):
                fuzz(operation, mode, auth, checks, stats)
    print(
        f"fuzz: {stats['operations']} operations, {stats['requests']} requests, "
        f"{len(stats['failures'])} failures"
    )
    assert stats["operations"] >= 40 and stats["requests"] >= 10 * stats["operations"]
    assert not stats["failures"], "\n\n".join(stats["failures"])
