from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(value: str) -> str:
    """slugify() that spells æ, ø and å the Danish way ("Køge" -> "koege", not "kge")."""
    return slugify(value.translate(_DANISH))
