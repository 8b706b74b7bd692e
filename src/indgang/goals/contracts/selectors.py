"""Reads for performance contracts: the contracts a viewer may see and their figures.

The figures themselves are counted in ``goals/contracts/metrics.py``. Counting them live
for every contract on every page is what made the dashboards slow at national size, so a
contract's rows are kept in the cache (the database cache: shared by every application
process) under a key made of everything they are counted from: the contract and its targets,
the day, and a stamp of the contract operator's activity (its interactions, referrals and
survey answers in the contract's year and the year before, and the newest participant).
Any service that records, edits, deletes or anonymises such a row changes the stamp, so the
next read counts afresh: a new interaction shows in the progress at once, with no
invalidation call to forget. What the stamp does not see (a register import changing a
company's founding date or municipality) is counted afresh within ``CACHE_SECONDS``.
See docs/performance.md.
"""

import hashlib
import json
from collections import defaultdict
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from indgang.crm import public as crm_public
from indgang.goals.contracts import engine, metrics
from indgang.goals.contracts.models import PerformanceContract, Target
from indgang.goals.permissions import can_read_contract, is_national
from indgang.goals.surveys.models import SatisfactionResponse
from indgang.organisations.public import Viewer


class _RowsTogether:
    """The contracts one query read: the first ``contract_rows`` asked for any of them
    reads them all at once (as a prefetch would), so a page listing contracts makes the
    same number of queries for 5 or 500 contracts."""

    def __init__(self, contracts: list[PerformanceContract]):
        self.contracts = contracts
        self.rows: dict[int, list[dict]] | None = None

    def rows_for(self, contract: PerformanceContract) -> list[dict]:
        if self.rows is None:
            self.rows = contract_rows_many(self.contracts)
        return self.rows[contract.pk]


class ContractQuerySet(QuerySet):
    def _fetch_all(self):
        fetched = self._result_cache is None
        super()._fetch_all()
        if (
            fetched
            and self._result_cache
            and isinstance(self._result_cache[0], PerformanceContract)
        ):
            together = _RowsTogether(self._result_cache)
            for c in self._result_cache:
                c._rows_together = together


def contracts_for(viewer: Viewer, year: int | None = None) -> QuerySet[PerformanceContract]:
    """The contracts ``viewer`` may read: their operator's, or all for the national board."""
    contracts = (
        ContractQuerySet(PerformanceContract)
        .select_related("operator", "report")
        .prefetch_related("municipalities", "targets")
    )
    if not is_national(viewer):
        if not viewer.is_staff:
            return contracts.none()
        contracts = contracts.filter(operator_id=viewer.organisation_id)
    if year:
        contracts = contracts.filter(year=year)
    return contracts.order_by("-year", "operator__name", "title")


def contract(viewer: Viewer, pk: int) -> PerformanceContract | None:
    found = (
        PerformanceContract.objects.select_related("operator")
        .prefetch_related("municipalities")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_read_contract(viewer, found):
        return None
    return found


CACHE_SECONDS = 3600


def contract_rows(contract: PerformanceContract, as_of: date | None = None) -> list[dict]:
    """The frozen figures when the report is frozen, else the live ones."""
    together = getattr(contract, "_rows_together", None)
    if together is not None and as_of is None:
        return together.rows_for(contract)
    return contract_rows_many([contract], as_of)[contract.pk]


def contract_rows_many(
    contracts: list[PerformanceContract], as_of: date | None = None
) -> dict[int, list[dict]]:
    """Each contract's rows by its id, in a number of queries that does not grow with the
    contracts or the activity when the counts are cached (see the module's docstring)."""
    rows: dict[int, list[dict]] = {}
    live = []
    for c in contracts:
        if c.is_frozen:
            rows[c.pk] = c.report.rows
        else:
            live.append(c)
    if not live:
        return rows
    day = as_of or timezone.localdate()
    keys = _cache_keys(live, day)
    found = cache.get_many(list(keys.values()))
    missing = []
    for c in live:
        if keys[c.pk] in found:
            rows[c.pk] = found[keys[c.pk]]
        else:
            missing.append(c)
    counted = {}
    for c in missing:
        rows[c.pk] = [p.as_row() for p in metrics.contract_progress(c, as_of)]
        counted[keys[c.pk]] = rows[c.pk]
    if counted:
        cache.set_many(counted, CACHE_SECONDS)
    return rows


def _cache_keys(contracts: list[PerformanceContract], day: date) -> dict[int, str]:
    """One key per contract: a digest of its definition, the day and its operator's stamp."""
    ids = [c.pk for c in contracts]
    targets: dict[int, list] = defaultdict(list)
    for t in Target.objects.filter(contract_id__in=ids).order_by("pk").values():
        targets[t["contract_id"]].append(t)
    goals = defaultdict(list)
    for target_id, goal_id in Target.goals.through.objects.filter(
        target__contract_id__in=ids
    ).values_list("target_id", "goal_id"):
        goals[target_id].append(goal_id)
    municipalities = defaultdict(list)
    for contract_id, code in PerformanceContract.municipalities.through.objects.filter(
        performancecontract_id__in=ids
    ).values_list("performancecontract_id", "municipality_id"):
        municipalities[contract_id].append(code)
    stamps = _activity_stamps({(c.operator_id, c.year) for c in contracts})
    keys = {}
    for c in contracts:
        definition = [
            c.pk,
            c.operator_id,
            c.year,
            str(day),
            sorted(municipalities[c.pk]),
            [[t, sorted(goals[t["id"]])] for t in targets[c.pk]],
            stamps[(c.operator_id, c.year)],
        ]
        digest = hashlib.sha256(
            json.dumps(definition, sort_keys=True, default=str).encode()
        ).hexdigest()
        keys[c.pk] = f"goals:contract-rows:{c.pk}:{digest}"
    return keys


def _activity_stamps(pairs: set[tuple[str, int]]) -> dict[tuple[str, int], list]:
    """(operator, year) -> what its counts are made of: count, newest id and summed edit
    versions of the operator's interactions, referrals and survey answers from the year
    before the earliest contract year (the forecast's pattern) on, and the newest
    participant anywhere. One query per kind of row, whatever the number of contracts;
    grouped by operator only, with no per-row date functions (slow on SQLite)."""
    if not pairs:
        return {}
    operators = sorted({o for o, _ in pairs})
    first = date(min(y for _, y in pairs) - 1, 1, 1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    per_operator: dict[str, list] = defaultdict(list)
    interactions = (
        crm_public.interactions()
        .filter(organisation_id__in=operators, date__gte=first)
        .values("organisation_id")
        .annotate(n=Count("pk"), newest=Max("pk"), edits=Sum("version"))
        .order_by()
    )
    for row in interactions:
        per_operator[row["organisation_id"]].append(["i", row["n"], row["newest"], row["edits"]])
    referrals = (
        crm_public.referrals()
        .filter(organisation_id__in=operators, created_at__gte=since)
        .values("organisation_id")
        .annotate(n=Count("pk"), newest=Max("pk"), edits=Sum("version"))
        .order_by()
    )
    for row in referrals:
        per_operator[row["organisation_id"]].append(["r", row["n"], row["newest"], row["edits"]])
    answers = (
        SatisfactionResponse.objects.filter(
            invitation__organisation_id__in=operators, invitation__interaction__date__gte=first
        )
        .values("invitation__organisation_id")
        .annotate(n=Count("pk"), newest=Max("pk"))
        .order_by()
    )
    for row in answers:
        per_operator[row["invitation__organisation_id"]].append(["s", row["n"], row["newest"]])
    newest_participant = crm_public.participants().aggregate(m=Max("pk"))["m"]
    return {(o, y): [str(first), sorted(per_operator[o]), newest_participant] for o, y in pairs}


def status_counts(rows: list[dict]) -> dict[str, int]:
    counts = {engine.BEHIND: 0, engine.ON_TRACK: 0, engine.AHEAD: 0, engine.NOT_STARTED: 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts
