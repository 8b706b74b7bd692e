"""Reads: the runs, and the run's inputs from the register and the CRM.

The register's yearly figures become the engine's long panel (one row per company and
year); the CRM's participations (``indgang.crm.public.participation_rows()``) the
participations frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from django.db.models import FloatField
from django.db.models.functions import Cast, ExtractYear

from indgang.crm import public as crm_public
from indgang.effects.engine import PANEL_COLUMNS, PARTICIPATION_COLUMNS
from indgang.effects.models import EffectRun
from indgang.effects.permissions import can_measure_effects
from indgang.registry import public as registry_public

CHUNK = 50_000


class SourceUnavailable(Exception):
    """The CRM (or what it should provide) is not there."""


def runs_for(person):
    """Every run, newest first, for someone who may measure effects; else none."""
    if not can_measure_effects(person):
        return EffectRun.objects.none()
    return EffectRun.objects.select_related("started_by", "organisation").defer("result")


def run_for(person, pk: int) -> EffectRun | None:
    if not can_measure_effects(person):
        return None
    return EffectRun.objects.select_related("started_by", "organisation").filter(pk=pk).first()


def register_panel_frame(on_chunk=None) -> pd.DataFrame:
    """The register as the engine's long panel. Amounts arrive as numbers; FTE as floats.

    The register keeps a company's current municipality and industry, so those are the
    same in every year of the company. A founding date after a year with figures (figures
    reported ahead of the registered start) is left out for that row only.
    ``on_chunk(rows_read)`` is called as the rows arrive.
    """
    rows = (
        registry_public.yearly_figures()
        .order_by()
        .annotate(
            fte=Cast("employees_fte", FloatField()),
            founded=ExtractYear("company__founded_date"),
        )
        .values_list(
            "company__cvr",
            "year",
            "company__municipality_id",
            "company__db07_section_id",
            "founded",
            "fte",
            "turnover_dkk",
            "value_added_dkk",
            "exports_dkk",
        )
    )
    chunks, batch = [], []
    for row in rows.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            chunks.append(_typed(batch))
            batch = []
            if on_chunk is not None:
                on_chunk(len(chunks) * CHUNK)
    chunks.append(_typed(batch))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    founded = frame["founded_year"]
    frame["founded_year"] = founded.where(~(founded > frame["year"]), np.nan)
    return frame


def _typed(rows: list[tuple]) -> pd.DataFrame:
    """Rows as compact columns (numbers, not Python objects): a national register is
    millions of rows. The database has checked the values already."""
    frame = pd.DataFrame.from_records(rows, columns=PANEL_COLUMNS)
    for column in PANEL_COLUMNS:
        if column != "db07_section":
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _participation_rows_function():
    try:
        return crm_public.participation_rows
    except AttributeError as exc:
        raise SourceUnavailable(str(exc)) from exc


def crm_available() -> bool:
    """Whether the CRM provides its participations (``participation_rows()``)."""
    try:
        _participation_rows_function()
    except SourceUnavailable:
        return False
    return True


def crm_participation_rows():
    """``participation_rows()`` of the CRM: dicts with ``cvr``, ``offer_id``,
    ``operator_id``, ``level`` and ``start_date`` (a date); :class:`SourceUnavailable` if
    the CRM does not provide them."""
    return _participation_rows_function()()


def crm_participations_frame() -> pd.DataFrame:
    """The CRM's participations with the columns of a participations file."""
    rows = list(crm_participation_rows())
    frame = pd.DataFrame.from_records(rows, columns=list(PARTICIPATION_COLUMNS))
    return frame
