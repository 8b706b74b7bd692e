"""Render Django form widgets with Det Fælles Designsystem's classes."""

from django import forms, template
from django.forms.widgets import Input

register = template.Library()

_CLASSES = (
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxInput, "form-checkbox"),
    (forms.Select, "form-select"),
    (forms.Textarea, "form-input"),
    (Input, "form-input"),
)


@register.filter
def dkfds_widget(bound_field):
    widget = bound_field.field.widget
    css = next((cls for kind, cls in _CLASSES if isinstance(widget, kind)), "")
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), css]))}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.id_for_label}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
