"""CVR numbers: the one validator every form, API body and import uses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)


def clean_cvr(value: object) -> str:
    """Return the CVR number as 8 digits, or raise ValidationError saying what is wrong.

    Spaces and a "DK" prefix are accepted ("DK 12 34 56 78"); the modulus-11 check digit
    is verified by python-stdnum.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValidationError(_("Enter a CVR number."), code="cvr_required")
    try:
        return stdnum_cvr.validate(text)
    except InvalidLength:
        message, code = _("A CVR number has 8 digits."), "cvr_length"
    except InvalidFormat:
        message, code = _("A CVR number consists of digits only."), "cvr_format"
    except InvalidChecksum:
        message, code = _("The CVR number's check digit is wrong."), "cvr_checksum"
    except StdnumError:
        message, code = _("This is not a valid CVR number."), "cvr_invalid"
    raise ValidationError(message, code=code)


def validate_cvr(value: object) -> None:
    """Django field validator form of :func:`clean_cvr`."""
    clean_cvr(value)


def is_valid_cvr(value: object) -> bool:
    try:
        clean_cvr(value)
    except ValidationError:
        return False
    return True
