"""Earlier years' intakes of a few national programmes, large enough for measured evidence
(issue 19, decision 0020).

For ``EVIDENCE_OFFERS`` national offers, participants are drawn at random from the
register's companies that had figures the two years before their start (also companies
closed since, so the participants are not just the survivors), in ``len(INTAKES)`` yearly
intakes. The draw is stratified by region and size band (a proportional, systematic
sample), so the participants look like the register and the matched control groups can
balance. Each company joins at most one of these programmes, so that one programme's
participants do not sit among another's controls with an effect of their own.

THE DEMO IS FICTITIOUS, and so is its effect: each of these participants' yearly figures
(FTE, turnover and value added) from its start year on are raised by ``EFFECT`` per year
since the start (4 % in the start year, 8 % the year after, ...), so that the measurement
has a modest effect to find. Every other offer keeps the few participants of ``history``
and shows why it has no evidence.
"""

import datetime as dt
import random
from decimal import Decimal

from indgang.catalog.models import PUBLISHED
from indgang.registry.models import Company, YearlyFigures

# Five programmes on a register of at least LARGE companies, two on a smaller one (where a
# third would leave too few companies without a programme for the control groups). Drawn
# at random, a programme passes the evidence's quality rules by chance only so often (its
# largest of ~25 standardised differences below 0.1, no pre-trend test of three outcomes
# rejecting): with 5 % of the register each, four of five passed on 5 December 2026 and
# one showed why not; with 3 % and three programmes, one passed.
EVIDENCE_OFFERS = 5
LARGE = 10_000
SEED = 2019
# Participants per programme: at least MIN_PER_OFFER (fewer cannot balance the matched
# groups on the demo's ~25 covariates), and SHARE of the register's companies.
MIN_PER_OFFER = 300
SHARE = 0.05
# Yearly intakes, counted back from the register's last year: each intake has figures
# the two years before its start and three years after it.
INTAKES = (5, 4, 3)
EFFECT = 0.04
SIZE_EDGES = (1, 5, 10, 50, 250)
OUTCOMES = ("employees_fte", "turnover_dkk", "value_added_dkk")


class EvidenceDemo:
    def evidence_offers(self, wanted: int) -> list:
        """The first published offer of each of the first ``wanted`` national operators."""
        chosen = []
        for op in sorted(self.ops.values(), key=lambda op: op.org.pk):
            if op.kind != "national":
                continue
            published = [o for o, _c in op.offers if o.status in PUBLISHED]
            if published:
                chosen.append((op, published[0]))
            if len(chosen) == wanted:
                break
        return chosen

    def evidence_history(self, last_year: int) -> set:
        """The programmes' intakes; returns their offers' ids (``history`` leaves them out)."""
        n_companies = Company.objects.filter(is_fictitious=True).count()
        chosen = self.evidence_offers(EVIDENCE_OFFERS if n_companies >= LARGE else 2)
        starts = [last_year - back for back in INTAKES]
        starts = [year for year in starts if year <= self.today.year - 2]
        if not chosen or not starts:
            return set()
        rng = random.Random(SEED)
        known = set(
            YearlyFigures.objects.filter(
                company__is_fictitious=True, employees_fte__isnull=False
            ).values_list("company_id", "year")
        )
        figures = {}  # (company id, start year) -> FTE the year before, for the pool
        for company_id, year, fte in YearlyFigures.objects.filter(
            company__is_fictitious=True, year__in=[y - 1 for y in starts]
        ).values_list("company_id", "year", "employees_fte"):
            if fte is not None and (company_id, year - 1) in known:
                figures[(company_id, year + 1)] = float(fte)
        companies = {
            c.pk: c
            for c in Company.objects.filter(is_fictitious=True)
            .select_related("municipality")
            .only("pk", "municipality__region_id")
        }
        per_offer = max(MIN_PER_OFFER, round(n_companies * SHARE))
        per_intake = per_offer // len(starts)
        taken: dict[int, int] = {}  # company id -> start year
        # Intake by intake, so that a reload on figures that already carry the effect draws
        # the same companies: a pool's figures (the year before) carry it only for
        # companies drawn into an earlier intake, which are taken already.
        for year in starts:
            for op, offer in chosen:
                pool = [pk for (pk, start) in figures if start == year and pk not in taken]
                # On a small register (the tests' 400 companies) at most a fifth of the pool.
                count = min(per_intake, len(pool) // 5)
                for pk in self._stratified(rng, pool, companies, figures, year, count):
                    taken[pk] = year
                    start = self.weekday(dt.date(year, rng.randint(1, 11), rng.randint(1, 28)))
                    self.history_participation(
                        op, companies[pk], offer, self.offer_themes[offer.pk], start
                    )
        self._add_effect(taken)
        self.evidence_participants = len(taken)
        return {offer.pk for _op, offer in chosen}

    @staticmethod
    def _stratified(rng, pool, companies, figures, year, count) -> list:
        """A proportional sample of ``count`` from ``pool`` by region and size band: every
        ``len(pool) / count``-th company of the pool sorted by them (random within)."""
        if count <= 0 or not pool:
            return []
        count = min(count, len(pool))

        def band(pk):
            fte = figures[(pk, year)]
            return sum(fte >= edge for edge in SIZE_EDGES)

        def region(pk):
            municipality = companies[pk].municipality
            return municipality.region_id if municipality else ""

        order = sorted(pool, key=lambda pk: (region(pk), band(pk), rng.random()))
        step = len(order) / count
        offset = rng.random() * step
        return [order[int(offset + i * step)] for i in range(count)]

    @staticmethod
    def _add_effect(taken: dict[int, int]) -> None:
        """The fictitious effect (see the module's docstring): figures from the start year
        on raised by EFFECT per year since the start."""
        rows = YearlyFigures.objects.filter(company_id__in=list(taken)).only(
            "pk", "company_id", "year", *OUTCOMES
        )
        changed = []
        for row in rows:
            start = taken[row.company_id]
            if row.year < start:
                continue
            factor = 1 + EFFECT * (row.year - start + 1)
            if row.employees_fte is not None:
                row.employees_fte = (row.employees_fte * Decimal(str(factor))).quantize(
                    Decimal("0.01")
                )
            for name in ("turnover_dkk", "value_added_dkk"):
                value = getattr(row, name)
                if value is not None:
                    setattr(row, name, round(value * factor))
            changed.append(row)
        YearlyFigures.objects.bulk_update(changed, OUTCOMES, batch_size=2000)
