"""What other apps may use of ``effects`` (effect measurement).

The effects app reads the register (``indgang.registry.public``) and the CRM's
participations (``indgang.crm.public``), and writes what may be shown of each offer's
measured evidence to the catalog (``catalog.public.store_offer_evidence``), where the
catalog and the guide read it (decision 0020). For apps above effects: the latest evidence
per offer and its history. Other apps import this module only.
"""

from indgang.effects.evidence.models import EvidenceMeasurement, Unit
from indgang.effects.evidence.selectors import history, latest


def evidence_for(offer_ids, subgroup: str = "") -> dict:
    """Per offer id: its latest measurement (None when never measured)."""
    found = {m.unit_id: m for m in latest(Unit.OFFER, offer_ids, subgroup)}
    return {str(offer_id): found.get(str(offer_id)) for offer_id in offer_ids}


def evidence_history(offer_id: str, subgroup: str = "") -> list:
    """Every measurement of one offer, newest first."""
    return history(Unit.OFFER, offer_id, subgroup)


__all__ = ["EvidenceMeasurement", "evidence_for", "evidence_history"]
