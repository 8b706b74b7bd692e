"""Every page, for every role: a crawler logs in as each demo role (and as nobody), follows
every internal link and GET form from the start page, and fails on any answer 5xx, any
internal link answering 404 or 405, and any Danish page showing English text from the
project's own catalogues. It must reach every URL pattern of the site a GET can reach
without a secret from an email (issue 15, point 1).

Django's test client, not a browser, over the demo at settings.DEMO_COMPANIES. The figures
(roles, pages visited, links checked) are printed and written to test-artifacts/crawler.txt.
"""

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from indgang.core.tests.crawling import (
    DEMO_ROLES,
    english_on_page,
    english_phrases,
    get_form_urls,
    internal_url,
    pattern_name,
    post_form_urls,
    read_page,
    url_patterns,
    with_dummy_arguments,
)
from indgang.organisations.models import Person

pytestmark = pytest.mark.django_db

# Bounds, per role: pages fetched per URL pattern (different objects, pages of a list,
# filters), more when the link comes from a kind of page no link to the pattern came from
# before (a notice linking to a referral is another path than the list of referrals), and
# in all. A link beyond them is still resolved against the URL patterns.
PER_PATTERN = 1
PER_PATTERN_NEW_PATH = 3
PER_ROLE = 300
# Downloads (CSV, Excel, PDF) are fetched once per pattern and role: they are slow to make
# and hold no links.
NOT_CRAWLED_PREFIXES = ("/static/", "/admin/")

# URL patterns the crawl cannot reach, each with its reason. A form's POST target counts as
# reached when the crawl finds the form, and a pattern that answers a GET only with 405 is
# exempt by itself, without a line here.
EXEMPT = {
    "core:healthz": "for a load balancer's health check; no page links to it",
    "guide:alert": "the link's secret comes in an email (the alert's token)",
    "guide:alert_confirm": "the link's secret comes in an email (the alert's token)",
    "guide:alert_unsubscribe": "the link's secret comes in an email (the alert's token)",
    "guide:receipt": "shown after a contact request is sent (a POST); its reference is new",
    "guide:thanks": "shown after a contact request is sent (a POST)",
    "/find-tilbud/henvendelser/": "an old address, redirected to the CRM for bookmarks (0012)",
    "events:cancel": "the link's secret comes in the sign-up's email",
    "effects:report_file": "the download's link appears once the file is made (a POST)",
    "consent_link": "the link's secret comes in the consent's receipt",
    "goals:survey": "the link's secret comes in the survey's email",
    "goals:counting": "polled by a goals page while its figures are counted in the background",
    "password_reset_done": "shown after a password reset is asked for (a POST)",
    "password_reset_confirm": "the link's secret comes in an email",
    "password_reset_complete": "shown after a new password is chosen (a POST)",
    "password_change_done": "shown after the password is changed (a POST)",
}
EXEMPT_NAMESPACES = {
    "api": "the API answers other systems in JSON; the schema tests (schemathesis) check it",
    "admin": "Django's own administration, for system administrators",
}

# Known problems in other parts of the site, found by this crawler and being fixed there
# (issue 15). Each is (role or "*", URL pattern name, what is wrong). The lead empties this
# list as the fixes land; a line that no longer fails makes the test fail, so it cannot go
# stale.
KNOWN: list[tuple[str, str, str]] = []


@dataclass
class Crawl:
    role: str
    pages: int = 0
    links: int = 0
    resolved_only: int = 0
    per_pattern: Counter = field(default_factory=Counter)
    reached: set = field(default_factory=set)
    posted_to: set = field(default_factory=set)
    paths: set = field(default_factory=set)
    problems: list = field(default_factory=list)


def crawl(client: Client, role: str, phrases) -> Crawl:
    result = Crawl(role)
    seen: set[str] = {"/"}
    queue = deque([("/", "(start)")])
    while queue and result.pages < PER_ROLE:
        url, found_on = queue.popleft()
        response = client.get(url)
        result.pages += 1
        name = name_of(url)
        result.reached.add(name)
        status = response.status_code
        if status >= 500 or status in (404, 405):
            error = getattr(response, "exc_info", None)
            cause = f": {error[0].__name__}: {error[1]}" if error else ""
            result.problems.append((name, url, f"{status}{cause} (linked from {found_on})"))
            continue
        if status in (301, 302, 303, 307, 308):
            target = internal_url(url, response["Location"])
            if target and target not in seen:
                seen.add(target)
                if name_of(target):
                    queue.appendleft((target, url))
                else:
                    result.problems.append((name, target, "redirected to no such address"))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = read_page(response.content.decode())
        if page.lang == "da":
            english = english_on_page(page.visible_text(), phrases)
            if english:
                result.problems.append(
                    (name, url, "English on a Danish page: " + "; ".join(english))
                )
        for target in post_form_urls(url, page.forms):
            if name_of(target):
                result.posted_to.add(name_of(target))
            else:
                result.problems.append(("?", target, f"a form sends to no such address ({url})"))
        targets = [internal_url(url, href) for href in page.links] + get_form_urls(url, page.forms)
        for target in filter(None, targets):
            result.links += 1
            if target in seen or target.startswith(NOT_CRAWLED_PREFIXES):
                continue
            seen.add(target)
            target_name = name_of(target)
            if target_name is None:
                result.problems.append(("?", target, f"404: no such address (linked from {url})"))
                continue
            path = (name, target_name)
            limit = PER_PATTERN_NEW_PATH if path not in result.paths else PER_PATTERN
            if is_download(target):
                limit = 1
            if result.per_pattern[target_name] >= limit:
                result.resolved_only += 1
                continue
            result.per_pattern[target_name] += 1
            result.paths.add(path)
            queue.append((target, url))
    return result


def name_of(url: str) -> str | None:
    """The name of the URL pattern a path matches, or None."""
    try:
        return pattern_name(resolve(url.split("?")[0]))
    except Resolver404:
        return None


def is_download(url: str) -> bool:
    return url.split("?")[0].rsplit(".", 1)[-1] in {"csv", "xlsx", "pdf", "json"}


def exempt_by_method(client: Client, route: str) -> bool:
    """A form's POST target: a GET (with made-up arguments) answers 405."""
    return client.get(with_dummy_arguments(route)).status_code == 405


def test_every_page_for_every_role_answers_and_speaks_danish(demo, artifacts):
    phrases = english_phrases()
    assert len(phrases) > 300, "the catalogues' English phrases were not read"
    crawls = []
    for email in [None, *DEMO_ROLES]:
        client = Client(raise_request_exception=False)
        if email:
            client.force_login(Person.objects.get(email=email))
        crawls.append(crawl(client, DEMO_ROLES.get(email, "Ikke logget ind"), phrases))

    reached = set().union(*(c.reached for c in crawls))
    posted_to = set().union(*(c.posted_to for c in crawls))
    admin = Client(raise_request_exception=False)
    admin.force_login(Person.objects.get(email="admin@indgang.demo"))
    names = dict(url_patterns())
    stale = sorted(set(EXEMPT) - set(names))
    pages = {
        name: route
        for name, route in names.items()
        if name.split(":")[0] not in EXEMPT_NAMESPACES and not route.startswith("admin/")
    }
    missing = sorted(
        name
        for name, route in pages.items()
        if name not in reached | posted_to
        and name not in EXEMPT
        and not exempt_by_method(admin, route)
    )

    problems = [(c.role, *p) for c in crawls for p in c.problems]
    known = {(role, name) for role, name, _why in KNOWN}
    unexpected = [p for p in problems if (p[0], p[1]) not in known and ("*", p[1]) not in known]
    fixed = sorted(
        k
        for k in known
        if not any((p[0], p[1]) == k or k[0] == "*" and p[1] == k[1] for p in problems)
    )

    report = figures(crawls, pages, reached | posted_to, problems)
    (artifacts / "crawler.txt").write_text(report, encoding="utf-8")
    print("\n" + report)

    failures = []
    if stale:
        failures.append(f"EXEMPT names URL patterns that are gone: {stale}")
    if unexpected:
        failures.append(
            "The crawler found:\n"
            + "\n".join(f"  [{role}] {name} {url}: {what}" for role, name, url, what in unexpected)
        )
    if missing:
        failures.append(
            "URL patterns no link reaches (link them, or add them to EXEMPT with the reason):\n  "
            + "\n  ".join(missing)
        )
    if fixed:
        failures.append(f"KNOWN problems that no longer occur (remove them from KNOWN): {fixed}")
    assert not failures, "\n\n".join(failures)


def figures(crawls, pages, reached, problems) -> str:
    lines = [
        "Crawler (core/tests/test_crawler.py): every internal link and GET form, per role",
        f"{'role':<30}{'pages':>8}{'links':>9}{'resolved only':>15}{'problems':>10}",
    ]
    for c in crawls:
        lines.append(
            f"{c.role:<30}{c.pages:>8}{c.links:>9}{c.resolved_only:>15}{len(c.problems):>10}"
        )
    lines.append(
        f"{'all ' + str(len(crawls)) + ' roles':<30}{sum(c.pages for c in crawls):>8}"
        f"{sum(c.links for c in crawls):>9}{sum(c.resolved_only for c in crawls):>15}"
        f"{len(problems):>10}"
    )
    lines.append(
        f"URL patterns of pages (the API and Django's admin left out): {len(pages)}; reached "
        f"by a link or a form: {len(reached & set(pages))}; the rest exempt (a secret from an "
        f"email, shown only after a POST, or answering only POST)"
    )
    by_pattern = defaultdict(list)
    for role, name, url, what in problems:
        by_pattern[name].append(f"[{role}] {url}: {what}")
    for name in sorted(by_pattern):
        lines.append(f"  {name}")
        lines.extend(f"    {line}" for line in by_pattern[name][:5])
    return "\n".join(lines) + "\n"
