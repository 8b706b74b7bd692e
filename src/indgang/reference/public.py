"""What other apps may use of ``reference``: regions, municipalities and industries (DB07),
and the CVR number's validation and fields.

Other apps import this module only; its names are the app's promise to them. Foreign keys
to the reference tables use the string form ("reference.Municipality").
"""

from indgang.reference.fields import CVRField, CVRFormField
from indgang.reference.models import Municipality, Region
from indgang.reference.selectors import (
    db07_group_sections,
    db07_section_codes,
    db07_section_for_code,
    db07_section_labels,
    db07_sections,
    municipalities,
    municipality_codes,
    municipality_labels,
    municipality_region_codes,
    region_codes,
    region_labels,
    regions,
)
from indgang.reference.validators import clean_cvr, is_valid_cvr, validate_cvr

__all__ = [
    "CVRField",
    "CVRFormField",
    "Municipality",
    "Region",
    "clean_cvr",
    "db07_group_sections",
    "db07_section_codes",
    "db07_section_for_code",
    "db07_section_labels",
    "db07_sections",
    "is_valid_cvr",
    "municipalities",
    "municipality_codes",
    "municipality_labels",
    "municipality_region_codes",
    "region_codes",
    "region_labels",
    "regions",
    "validate_cvr",
]
