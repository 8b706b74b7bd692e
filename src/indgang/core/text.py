from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(value: str) -> str:
    """slugify() that spells æ, ø and å the Danish way ("Køge" -> "koege", not "kge")."""
    return slugify(value.translate(_DANISH))


def in_system_language(message) -> str:
    """A translatable message (gettext_lazy) as text to store, in the system's language
    (settings.LANGUAGE_CODE), whatever language the page that caused it was in: stored
    text is read later by people on other pages."""
    from django.conf import settings
    from django.utils.translation import override

    with override(settings.LANGUAGE_CODE):
        return str(message)
