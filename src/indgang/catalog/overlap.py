"""Overlap analysis: offers from different operators that offer much the same thing.

Plain Python, NumPy, SciPy and scikit-learn; no Django. The Django side
(:func:`indgang.catalog.selectors.overlap_report`) passes offers in the catalog file schema
(``exports.offer_documents``) and the municipality -> region map::

    report = analyse(offers, municipality_regions)
    for cluster in report.clusters:
        cluster.offer_ids, cluster.score, cluster.reasons

How a pair of offers is judged (``docs/decisions/0009-offer-overlap-and-continuity.md``;
the numbers are the defaults of :class:`OverlapConfig`):

* **Gates** (all must hold, else the pair is no overlap): the offers belong to different
  operators; they share at least one theme; their areas share at least one municipality
  (a national offer covers every municipality); some company could use both (the ranges of
  company age, employees and turnover intersect, and so do the industries; none listed
  means every industry); and the texts' cosine similarity is at least ``min_text``.
* **Content score** in [0, 1], a weighted mean of
  - *text*: cosine similarity of TF-IDF vectors of title, summary and description, analysed
    as Danish by :class:`~indgang.danish.text.Analyzer` (Snowball stems,
    compound parts), scaled so that ``text_full`` counts as fully similar;
  - *themes*: half the Jaccard overlap of the theme sets, half whether the main (first)
    themes are the same;
  - *kind of help*: 1 for the same format, ``FAMILY_SIMILARITY`` for formats of the same
    family (advice, network, money, ...), else 0.
  A pair that passes the gates with a content score of at least ``threshold`` overlaps.
* **Clusters**: the connected components of the overlap pairs, each split further by
  average-linkage clustering on the content distance (1 - content score) of all its
  offers' pairs, cut at ``cluster_threshold``. Geography is a gate for the edges, not part
  of the distance, so the national offer and the regional copies of it (which do not
  overlap one another, being in different regions) end up in one cluster, while a chain of
  pairwise overlaps that drifts from one need to another (export -> export finance ->
  loans) is cut apart. A cluster is reported when it holds at least one overlap pair.

Cost: the candidate pairs come from a sparse matrix product of the TF-IDF vectors, computed
in blocks of rows and cut at ``min_text``, so memory stays linear in the number of offers;
gates and scores are vectorised over the candidate pairs (no Python loop over pairs, except
for the few listed with reasons); the linkage runs per component, of at most
``max_linkage`` offers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from indgang.catalog.overlap_arrays import (
    FAMILY_SIMILARITY,
    FORMAT_FAMILIES,
    NUMERIC,
    SECTORS,
    SHARED_WORDS,
    OfferArrays,
    OfferTexts,
    OverlapConfig,
    popcount16,
)
from indgang.danish import THEMES


@dataclass(frozen=True)
class Reason:
    """A machine-readable reason: a stable code and its parameters (worded by Django)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class PairOverlap:
    """Two offers of different operators that overlap, and why."""

    a: str
    b: str
    score: float  # content score in [0, 1]
    text: float  # cosine similarity of the texts
    themes: float
    kind: float
    reasons: list[Reason]  # empty for pairs beyond ``explained_pairs`` in their cluster


@dataclass
class Cluster:
    """Offers of several operators that offer much the same thing."""

    number: int
    offer_ids: list[str]
    operator_ids: list[str]
    score: float  # mean content score of the overlap pairs in the cluster
    themes: list[str]  # themes held by at least half the offers, most common first
    regions: list[str]  # regions where offers of at least two operators overlap
    pairs: list[PairOverlap]  # the strongest overlap pairs (``listed_pairs`` at most)
    pair_count: int  # overlap pairs in the cluster in all
    # offer id -> the offer it overlaps most with in the cluster, and the score
    strongest: dict[str, tuple[str, float]]
    reasons: list[Reason]


@dataclass
class CoverageCell:
    """One theme in one region: how many operators offer it, how many overlap."""

    theme: str
    region: str
    operators: int  # operators with an offer on the theme there (national ones count)
    offers: int
    overlapping_operators: int  # of those, operators in an overlap cluster on the theme
    largest_cluster_operators: int  # most operators offering the same thing there


@dataclass
class OverlapReport:
    clusters: list[Cluster]
    coverage: list[CoverageCell]
    offers_analysed: int
    candidate_pairs: int  # pairs whose texts are similar enough to be looked at
    overlap_pairs: int  # pairs that passed every gate and the threshold


# -- scoring ----------------------------------------------------------------------------


def _content(
    data: OfferArrays, i: np.ndarray, j: np.ndarray, cosine: np.ndarray, config: OverlapConfig
):
    text = np.minimum(1.0, cosine / config.text_full)
    a, b = data.theme_bits[i], data.theme_bits[j]
    union = popcount16(a | b)
    shared = popcount16(a & b)
    jaccard = np.divide(shared, union, out=np.zeros(len(i)), where=union > 0)
    same_main = (data.main_theme[i] == data.main_theme[j]) & (data.main_theme[i] >= 0)
    themes = 0.5 * jaccard + 0.5 * same_main
    kind = np.where(
        data.format[i] == data.format[j],
        1.0,
        np.where(data.family[i] == data.family[j], FAMILY_SIMILARITY, 0.0),
    )
    total = config.text_weight + config.theme_weight + config.kind_weight
    score = (
        config.text_weight * text + config.theme_weight * themes + config.kind_weight * kind
    ) / total
    return score, text, themes, kind, shared


def _gates(
    data: OfferArrays, i: np.ndarray, j: np.ndarray, shared_themes: np.ndarray
) -> np.ndarray:
    ok = (data.operator[i] != data.operator[j]) & (shared_themes > 0)
    for name in data.low:
        ok &= np.maximum(data.low[name][i], data.low[name][j]) <= np.minimum(
            data.high[name][i], data.high[name][j]
        )
    ok &= (data.sector_bits[i] & data.sector_bits[j]) != 0
    rows = np.flatnonzero(ok)
    ok[rows] = (data.area_bits[i[rows]] & data.area_bits[j[rows]]).any(axis=1)
    return ok


# -- reasons ----------------------------------------------------------------------------


def _range_reason(data: OfferArrays, i: int, j: int) -> list[Reason]:
    reasons = []
    for _key, name in NUMERIC:
        low = max(data.low[name][i], data.low[name][j])
        high = min(data.high[name][i], data.high[name][j])
        if np.isfinite(low) or np.isfinite(high):
            reasons.append(
                Reason(
                    f"{name}_range",
                    {
                        "min": int(low) if np.isfinite(low) else None,
                        "max": int(high) if np.isfinite(high) else None,
                    },
                )
            )
    return reasons


def _geography_reason(data: OfferArrays, i: int, j: int) -> Reason:
    if data.national[i] and data.national[j]:
        return Reason("geography_national")
    both = data.area[i] & data.area[j]
    common = np.flatnonzero(both)
    regions = sorted({data.region_of[k] for k in common})
    if all(both[data.region_mask[r]].all() for r in regions):
        return Reason("geography_regions", {"regions": regions})
    return Reason(
        "geography_municipalities",
        {"municipalities": [data.municipalities[k] for k in common], "regions": regions},
    )


def _pair_reasons(data: OfferArrays, text: OfferTexts, i: int, j: int, cosine: float, kind: float):
    themes = [THEMES[k] for k in np.flatnonzero(data.themes[i] & data.themes[j])]
    reasons = [Reason("themes", {"themes": themes})]
    reasons.append(_geography_reason(data, i, j))
    reasons += _range_reason(data, i, j)
    both_sectors = data.sectors[i] & data.sectors[j]
    if not both_sectors.all():
        reasons.append(
            Reason("sectors", {"sectors": [SECTORS[k] for k in np.flatnonzero(both_sectors)]})
        )
    reasons.append(
        Reason("text", {"similarity": round(float(cosine), 2), "words": text.shared_words(i, j)})
    )
    offers = data.offers
    if kind == 1.0:
        reasons.append(Reason("same_format", {"format": offers[i].get("format")}))
    elif kind > 0:
        reasons.append(
            Reason(
                "same_kind",
                {
                    "family": FORMAT_FAMILIES[offers[i]["format"]],
                    "formats": [offers[i].get("format"), offers[j].get("format")],
                },
            )
        )
    return reasons


# -- clustering -------------------------------------------------------------------------


def _components(
    n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray, config: OverlapConfig
) -> list[np.ndarray]:
    """Connected components of the pairs (only offers in a pair), none above a size limit.

    A component of more than ``config.max_linkage`` offers (the linkage needs memory in
    the square of its size) is split again on its pairs at a threshold ``linkage_step``
    higher, until every part fits.
    """
    if len(i) == 0:
        return []
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _count, label = connected_components(graph, directed=False)
    used = np.zeros(n, dtype=bool)
    used[i] = used[j] = True
    nodes = np.flatnonzero(used)
    nodes = nodes[np.argsort(label[nodes], kind="stable")]
    labels, starts = np.unique(label[nodes], return_index=True)
    out: list[np.ndarray] = []
    for label_, members in zip(labels, np.split(nodes, starts[1:]), strict=True):
        if len(members) <= config.max_linkage:
            out.append(members)
            continue
        inner = label[i] == label_
        stronger = inner & (score >= score[inner].min() + config.linkage_step)
        out += _components(n, i[stronger], j[stronger], score[stronger], config)
    return out


def _split(
    members: np.ndarray, i: np.ndarray, j: np.ndarray, similarity: np.ndarray, cut: float
) -> list[np.ndarray]:
    """Average-linkage clusters of ``members`` at similarity ``cut``.

    ``i``, ``j``, ``similarity``: the content similarity of the pairs among ``members``
    that have one; every other pair counts as not similar at all.
    """
    if len(members) <= 2:
        return [members]
    position = np.full(int(members.max()) + 1, -1, dtype=np.int64)
    position[members] = np.arange(len(members))
    distance = np.ones((len(members), len(members)))
    np.fill_diagonal(distance, 0.0)
    a, b = position[i], position[j]
    distance[a, b] = distance[b, a] = 1.0 - similarity
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - cut, criterion="distance")
    return [members[labels == label] for label in np.unique(labels)]


def analyse(
    offers: Sequence[Mapping[str, Any]],
    municipality_regions: Mapping[str, str],
    config: OverlapConfig | None = None,
) -> OverlapReport:
    """Overlap pairs and clusters of ``offers`` (dicts in the catalog file schema)."""
    config = config or OverlapConfig()
    offers = list(offers)
    n = len(offers)
    if n < 2:
        return OverlapReport([], coverage(offers, municipality_regions, []), n, 0, 0)
    data = OfferArrays(offers, municipality_regions)
    text = OfferTexts(offers, config)
    # Candidate pairs, kept only when similar enough to matter for a pair or a cluster.
    keep_at = min(config.threshold, config.cluster_threshold)
    candidates = 0
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for bi, bj, bcos in text.candidates(config.min_text, config.block_rows):
        candidates += len(bi)
        keep = _content(data, bi, bj, bcos, config)[0] >= keep_at
        kept.append((bi[keep], bj[keep], bcos[keep]))
    i, j, cosine = (np.concatenate(parts) for parts in zip(*kept, strict=True))
    score, text_sim, theme_sim, kind_sim, shared = _content(data, i, j, cosine, config)
    overlap = np.flatnonzero((score >= config.threshold) & _gates(data, i, j, shared))

    # The overlap pairs make the graph; its components are split by average linkage on
    # the content similarity of all their pairs (same operator or not, any place).
    components = _components(n, i[overlap], j[overlap], score[overlap], config)
    component = np.full(n, -1, dtype=np.int64)
    for label, members in enumerate(components):
        component[members] = label
    similar = np.flatnonzero(
        (score >= config.cluster_threshold) & (component[i] == component[j]) & (component[i] >= 0)
    )
    similar = similar[np.argsort(component[i[similar]], kind="stable")]
    bounds = np.searchsorted(component[i[similar]], np.arange(len(components) + 1))
    groups: list[np.ndarray] = []
    for label, members in enumerate(components):
        part = similar[bounds[label] : bounds[label + 1]]
        groups += _split(members, i[part], j[part], score[part], config.cluster_threshold)

    cluster_of = np.full(n, -1, dtype=np.int64)
    for number, members in enumerate(groups):
        cluster_of[members] = number
    inside = overlap[cluster_of[i[overlap]] == cluster_of[j[overlap]]]
    inside = inside[np.lexsort((-score[inside], cluster_of[i[inside]]))]
    labels = cluster_of[i[inside]]
    numbers, first, counts = np.unique(labels, return_index=True, return_counts=True)

    def pair(k: int) -> PairOverlap:
        a, b = int(i[k]), int(j[k])
        return PairOverlap(
            a=data.ids[a],
            b=data.ids[b],
            score=round(float(score[k]), 3),
            text=round(float(cosine[k]), 3),
            themes=round(float(theme_sim[k]), 3),
            kind=round(float(kind_sim[k]), 3),
            reasons=_pair_reasons(data, text, a, b, float(cosine[k]), float(kind_sim[k])),
        )

    # Each offer's strongest overlap within its cluster.
    node = np.concatenate([i[inside], j[inside]])
    partner = np.concatenate([j[inside], i[inside]])
    strength = np.concatenate([score[inside], score[inside]])
    order = np.lexsort((-strength, node))
    node, partner, strength = node[order], partner[order], strength[order]
    nodes, best = np.unique(node, return_index=True)
    strongest = {
        int(m): (data.ids[int(partner[k])], round(float(strength[k]), 3))
        for m, k in zip(nodes, best, strict=True)
    }

    clusters = []
    for number, start, count in zip(numbers, first, counts, strict=True):
        ks = inside[start : start + count]
        members = [int(m) for m in groups[number]]
        clusters.append(
            _cluster(
                data,
                members,
                pairs=[pair(int(k)) for k in ks[: config.listed_pairs]],
                pair_count=int(count),
                score=float(score[ks].mean()),
                text_similarity=float(cosine[ks].mean()),
                strongest={data.ids[m]: strongest[m] for m in members if m in strongest},
            )
        )
    clusters.sort(key=lambda c: (-len(c.operator_ids), -c.score, c.offer_ids[0]))
    for number, cluster in enumerate(clusters, start=1):
        cluster.number = number
    return OverlapReport(
        clusters=clusters,
        coverage=coverage(offers, municipality_regions, clusters),
        offers_analysed=n,
        candidate_pairs=candidates,
        overlap_pairs=len(overlap),
    )


def _cluster(
    data: OfferArrays,
    members: list[int],
    *,
    pairs: list[PairOverlap],
    pair_count: int,
    score: float,
    text_similarity: float,
    strongest: dict[str, tuple[str, float]],
) -> Cluster:
    counts = Counter(THEMES[k] for m in members for k in np.flatnonzero(data.themes[m]))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], THEMES.index(item[0])))
    themes = [t for t, c in ranked if 2 * c >= len(members)] or [ranked[0][0]]
    # regions where offers of at least two operators are available
    regions = [
        region
        for region in data.regions
        if len({data.operator[m] for m in members if data.area[m, data.region_mask[region]].any()})
        >= 2
    ]
    operator_ids = sorted({data.operator_ids[m] for m in members})
    in_all = data.themes[members].all(axis=0)
    words = Counter(
        w for p in pairs for r in p.reasons if r.code == "text" for w in r.params.get("words", [])
    )
    formats = Counter(str(data.offers[m].get("format")) for m in members)
    reasons = [
        Reason("operators", {"count": len(operator_ids), "offers": len(members)}),
        Reason(
            "themes",
            {
                "themes": [THEMES[k] for k in np.flatnonzero(in_all)] or themes,
                "all": bool(in_all.any()),
            },
        ),
        Reason("regions", {"regions": regions}),
        Reason("formats", {"formats": [f for f, _c in formats.most_common()]}),
        Reason(
            "text",
            {
                "similarity": round(text_similarity, 2),
                "words": [w for w, _c in words.most_common(SHARED_WORDS)],
            },
        ),
    ]
    return Cluster(
        number=0,
        offer_ids=[data.ids[m] for m in members],
        operator_ids=operator_ids,
        score=round(score, 3),
        themes=themes,
        regions=regions,
        pairs=pairs,
        pair_count=pair_count,
        strongest=strongest,
        reasons=reasons,
    )


# -- per theme and region ---------------------------------------------------------------


def offer_regions(offer: Mapping[str, Any], municipality_regions: Mapping[str, str]) -> set[str]:
    """The regions an offer is available in; a national offer is in every region."""
    geography = offer["eligibility"]["geography"]
    if geography.get("scope") == "national":
        return {str(r) for r in municipality_regions.values()}
    if geography.get("scope") == "regions":
        return {str(r) for r in geography.get("regions") or []}
    return {
        str(municipality_regions[m])
        for m in map(str, geography.get("municipalities") or [])
        if m in municipality_regions
    }


def coverage(
    offers: Sequence[Mapping[str, Any]],
    municipality_regions: Mapping[str, str],
    clusters: Sequence[Cluster],
) -> list[CoverageCell]:
    """Per theme and region: operators offering it, and how many offer the same thing."""
    operators: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: Counter[tuple[str, str]] = Counter()
    regions_of = {}
    themes_of = {}
    operator_of = {}
    for offer in offers:
        oid = str(offer["id"])
        regions_of[oid] = offer_regions(offer, municipality_regions)
        themes_of[oid] = set(offer.get("themes") or [])
        operator_of[oid] = str(offer["operator_id"])
        for theme in themes_of[oid]:
            for region in regions_of[oid]:
                operators[(theme, region)].add(operator_of[oid])
                counts[(theme, region)] += 1
    overlapping: dict[tuple[str, str], set[str]] = defaultdict(set)
    largest: Counter[tuple[str, str]] = Counter()
    for cluster in clusters:
        for theme in cluster.themes:
            for region in cluster.regions:
                here = {
                    operator_of[o]
                    for o in cluster.offer_ids
                    if theme in themes_of[o] and region in regions_of[o]
                }
                if len(here) >= 2:
                    overlapping[(theme, region)] |= here
                    largest[(theme, region)] = max(largest[(theme, region)], len(here))
    regions = sorted({str(r) for r in municipality_regions.values()})
    return [
        CoverageCell(
            theme=theme,
            region=region,
            operators=len(operators[(theme, region)]),
            offers=counts[(theme, region)],
            overlapping_operators=len(overlapping[(theme, region)]),
            largest_cluster_operators=largest[(theme, region)],
        )
        for theme in THEMES
        for region in regions
    ]
