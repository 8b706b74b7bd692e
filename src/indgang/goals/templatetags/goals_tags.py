from django import template

from indgang.goals.exports import text

register = template.Library()


@register.filter
def cell(value):
    """A table cell: numbers grouped in the active language, one decimal for fractions,
    years as years ("2026"), dates as "5. december 2026"; "–" for nothing."""
    if isinstance(value, bool):
        return value
    return text(value)


@register.simple_tag(takes_context=True)
def export_url(context, fmt, table):
    params = context["request"].GET.copy()
    params["export"] = fmt
    params["table"] = table
    return "?" + params.urlencode()
