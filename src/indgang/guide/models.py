"""The guide's models live in its sub-domain folders; Django finds them here."""

from indgang.guide.alerts.models import Alert

__all__ = ["Alert"]
