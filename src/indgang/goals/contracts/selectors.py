"""Reads for performance contracts: the contracts a viewer may see and their figures.

The figures themselves are counted by ``goals/contracts/grouped.py`` (all targets of the
contracts asked for together, in a fixed number of queries; ``metrics.py`` defines them and
counts one target alone). Counting them live for every contract on every page is what made
the dashboards slow at national size, so a
contract's rows are kept in the cache (the database cache: shared by every application
process) under a key made of everything they are counted from: the contract and its targets,
the day, and a stamp of the contract operator's activity (its interactions, with their
participants, referrals and survey answers in the contract's year and the year before).
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
from django.db import transaction
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from indgang.crm import public as crm_public
from indgang.goals.contracts import engine, grouped
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


def contracts_for(
    viewer: Viewer, year: int | None = None, municipalities: bool = True
) -> QuerySet[PerformanceContract]:
    """The contracts ``viewer`` may read: their operator's, or all for the national board.
    With their municipalities unless told otherwise (``municipalities=False``): Django's
    prefetch costs about a millisecond a contract, a third of the national dashboard."""
    contracts = ContractQuerySet(PerformanceContract).select_related("operator", "report")
    if municipalities:
        contracts = contracts.prefetch_related("municipalities")
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
    rows, missing = cached_contract_rows(contracts, as_of)
    if missing:
        rows.update(count_contract_rows(missing, as_of))
    return rows


def cached_contract_rows(
    contracts: list[PerformanceContract], as_of: date | None = None, stamps: dict | None = None
) -> tuple[dict[int, list[dict]], list[PerformanceContract]]:
    """(the rows of the contracts that are frozen or counted in the cache, by id; the
    contracts still to count). ``stamps``: their operators' ``activity_stamps`` when the
    caller has them already."""
    rows: dict[int, list[dict]] = {}
    live = []
    for c in contracts:
        if c.is_frozen:
            rows[c.pk] = c.report.rows
        else:
            live.append(c)
    if not live:
        return rows, []
    keys = _cache_keys(live, as_of or timezone.localdate(), stamps)
    entries = cache.get_many(list({entry for entry, _ in keys.values()}))
    missing = []
    for c in live:
        entry, key = keys[c.pk]
        if key in entries.get(entry, {}):
            rows[c.pk] = entries[entry][key]
        else:
            missing.append(c)
    return rows, missing


def count_contract_rows(
    contracts: list[PerformanceContract], as_of: date | None = None
) -> dict[int, list[dict]]:
    """Count the live contracts ``contracts`` (grouped.py) and keep their rows in the
    cache, beside what it holds of their operators' other contracts."""
    day = as_of or timezone.localdate()
    keys = _cache_keys(contracts, day)
    entries = cache.get_many(list({entry for entry, _ in keys.values()}))
    progress = grouped.contract_progress_many(contracts, day)
    rows: dict[int, list[dict]] = {}
    changed: dict[str, dict] = {}
    for c in contracts:
        entry, key = keys[c.pk]
        rows[c.pk] = [p.as_row() for p in progress[c.pk]]
        changed.setdefault(entry, dict(entries.get(entry, {})))[key] = rows[c.pk]
    # One transaction for all of them: the database cache commits each key on its
    # own otherwise (417 commits took 1.2 s of a cold national dashboard on SQLite).
    with transaction.atomic():
        cache.set_many(changed, CACHE_SECONDS)
    return rows


def live_contracts(year: int) -> list[PerformanceContract]:
    """The contracts of ``year`` whose figures are counted live (not frozen)."""
    return [
        c
        for c in PerformanceContract.objects.filter(year=year).select_related("report")
        if not c.is_frozen
    ]


def _cache_keys(
    contracts: list[PerformanceContract], day: date, stamps: dict | None = None
) -> dict[int, tuple[str, str]]:
    """Per contract, (the cache entry of its operator's year, its key in that entry).

    The entry's key is a digest of the operator, the year, the day and the operator's
    activity stamp; it holds the rows of that operator's contracts by a digest of each
    contract's definition (its municipalities, its targets and their goals). One entry per
    operator and year rather than one per contract: the database cache makes five queries
    for each key it writes, and all of an operator's contracts change with its stamp anyway.
    """
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
    if stamps is None:
        stamps = activity_stamps({(c.operator_id, c.year) for c in contracts})
    keys = {}
    for c in contracts:
        activity = [c.operator_id, c.year, str(day), stamps[(c.operator_id, c.year)]]
        definition = [
            c.pk,
            sorted(municipalities[c.pk]),
            [[t, sorted(goals[t["id"]])] for t in targets[c.pk]],
        ]
        keys[c.pk] = (
            f"goals:contract-rows:{c.operator_id}:{c.year}:{_digest(activity)}",
            f"{c.pk}:{_digest(definition)}",
        )
    return keys


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def activity_stamps(pairs: set[tuple[str, int]]) -> dict[tuple[str, int], list]:
    """(operator, year) -> what its counts of the year are made of: count, newest id and
    summed edit versions of the operator's interactions and referrals from the year before
    (the forecast's pattern) on, and count and newest of its survey answers. Participants
    are written with their interaction, whose version changes with them. A pair's stamp does not depend on the other pairs asked for, so
    every page computes the same key. A few queries per year asked for, whatever the number
    of operators; grouped by operator only, with no per-row date functions (slow on
    SQLite)."""
    stamps: dict[tuple[str, int], list] = {}
    if not pairs:
        return stamps
    answers = _answers_by_operator()
    years: dict[int, set[str]] = defaultdict(set)
    for operator, year in pairs:
        years[year].add(operator)
    for year, operators in years.items():
        first = date(year - 1, 1, 1)
        since = timezone.make_aware(datetime.combine(first, time.min))
        per_operator: dict[str, list] = defaultdict(list)
        for kind, rows in (
            ("i", crm_public.interactions().filter(date__gte=first)),
            ("r", crm_public.referrals().filter(created_at__gte=since)),
        ):
            grouped_rows = (
                rows.filter(organisation_id__in=sorted(operators))
                .values("organisation_id")
                .annotate(n=Count("pk"), newest=Max("pk"), edits=Sum("version"))
                .order_by()
            )
            for row in grouped_rows:
                per_operator[row["organisation_id"]].append(
                    [kind, row["n"], row["newest"], row["edits"]]
                )
        for o in operators:
            made_of = per_operator[o] + ([["s", *answers[o]]] if o in answers else [])
            stamps[(o, year)] = [str(first), sorted(made_of)]
    return stamps


def interactions_behind(stamps: dict, pairs: set[tuple[str, int]]) -> int:
    """How many interactions the (operator, year) ``pairs`` have from the year before on,
    read from their ``activity_stamps``: what counting their figures costs."""
    missing = pairs - stamps.keys()
    stamps = {**stamps, **activity_stamps(missing)} if missing else stamps
    return sum(part[1] for pair in pairs for part in stamps[pair][1] if part[0] == "i")


def _answers_by_operator() -> dict[str, tuple[int, int]]:
    """Per operator, the count and newest id of its survey answers. Grouping them by
    operator joins every answer to its invitation (65 ms at national size, a fifth of the
    warm national dashboard), so the grouping is kept in the cache under the count and
    newest id of all answers (an index-only count): an answer, or an answer erased,
    anywhere has them grouped again, once, and changes only its own operator's stamp."""
    overall = SatisfactionResponse.objects.aggregate(n=Count("pk"), newest=Max("pk"))
    key = f"goals:answers-by-operator:{overall['n']}:{overall['newest']}"
    grouped_answers = cache.get(key)
    if grouped_answers is None:
        grouped_answers = {
            row["invitation__organisation_id"]: (row["n"], row["newest"])
            for row in SatisfactionResponse.objects.values("invitation__organisation_id")
            .annotate(n=Count("pk"), newest=Max("pk"))
            .order_by()
        }
        cache.set(key, grouped_answers, CACHE_SECONDS)
    return grouped_answers


def status_counts(rows: list[dict]) -> dict[str, int]:
    counts = {engine.BEHIND: 0, engine.ON_TRACK: 0, engine.AHEAD: 0, engine.NOT_STARTED: 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts
