from datetime import date
from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format

register = template.Library()


@register.filter
def cell(value):
    """A table cell: numbers grouped in the active language, one decimal for fractions."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float | Decimal):
        decimals = 0 if value == int(value) else 1
        return number_format(round(value, 1), decimal_pos=decimals, force_grouping=True)
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.simple_tag(takes_context=True)
def export_url(context, fmt, table):
    params = context["request"].GET.copy()
    params["export"] = fmt
    params["table"] = table
    return "?" + params.urlencode()
