"""Ranking quality measures for graded judgments (0 = not relevant, 1-3 = relevant)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    return sum((2.0**gain - 1.0) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_k(ranked_ids: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first ``k`` results (exponential gain)."""
    ideal = dcg(sorted(judgments.values(), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([judgments.get(offer_id, 0) for offer_id in ranked_ids[:k]]) / ideal


def recall_at_k(ranked_ids: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Share of the judged relevant offers (grade > 0) among the first ``k`` results."""
    relevant = {offer_id for offer_id, grade in judgments.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked_ids[:k])) / len(relevant)
