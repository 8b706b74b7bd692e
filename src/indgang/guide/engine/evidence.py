"""Measured evidence as a ranking signal: off unless ``RankerConfig.evidence`` > 0.

An offer with shown positive evidence (an effect, measured against a matched control
group, whose interval lies above zero and that passes the quality rules: decision 0020)
may be lifted by ``RankerConfig.evidence`` times its strength (0..1) - but only among the
offers the guide would rank anyway (eligible and usable from where the company is) and
only if the offer meets the company's need (``RankedOffer.meets_need``). An offer that does
not meet the need, or that the company may not use, is never lifted. The lift re-orders the
best ``limit + WINDOW`` offers by relevance; it does not bring in an offer from further down.

Measured with ``.venv/bin/python benchmarks/guide_quality.py --evidence`` (the catalog
holds no measured effects, so evidence is given to the demo's three programmes, or to random
10/25/50 % of the offers, 20 draws each), as the change in nDCG@10:

    weight                          0.05     0.1      0.2      0.3      0.5
    shared requests (20), 0.9055 without
      demo's 3 offers             -0.0013  -0.0025  -0.0069  -0.0066  -0.0081
      random 10 %                 -0.0016  -0.0040  -0.0072  -0.0136  -0.0305
      random 25 %                 -0.0036  -0.0089  -0.0203  -0.0320  -0.0575
    issue 17 requests (15), 0.6223 without
      demo's 3 offers             +0.0000  +0.0000  +0.0000  +0.0000  +0.0000
      random 10 %                 +0.0012  +0.0019  +0.0018  -0.0104  -0.0134
      random 25 %                 +0.0019  +0.0028  +0.0010  -0.0228  -0.0298

Evidence says nothing about what a company asked for, so on the shared requests every
weight lowers the ranking's quality; the default stays 0 (off).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np

WINDOW = 20


def evidence_vector(ids: Sequence[str], strengths: Mapping[str, float] | None) -> np.ndarray:
    """Per offer (in catalog order) its evidence strength, clipped to 0..1; 0 without."""
    vector = np.zeros(len(ids), dtype=np.float32)
    if strengths:
        for position, offer_id in enumerate(ids):
            value = strengths.get(offer_id)
            if value:
                vector[position] = min(max(float(value), 0.0), 1.0)
    vector.flags.writeable = False
    return vector


def reorder(items: list, positions: list[int], lift: list[float], limit: int) -> list:
    """``items`` (best first, each with ``score`` and ``meets_need``) with ``lift`` added
    to the score of those that meet the need, best first again; equal scores in catalog
    order (``positions``), cut to ``limit``."""
    lifted = [
        dataclasses.replace(item, score=round(item.score + extra, 6))
        if extra and item.meets_need
        else item
        for item, extra in zip(items, lift, strict=True)
    ]
    order = sorted(range(len(lifted)), key=lambda k: (-lifted[k].score, positions[k]))
    return [lifted[k] for k in order[:limit]]
