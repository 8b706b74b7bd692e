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
    described = [widget.attrs["aria-describedby"]] if "aria-describedby" in widget.attrs else []
    if bound_field.help_text:
        described.append(f"{bound_field.id_for_label}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def dkfds_choices(bound_field):
    """The options of a checkbox or radio list, each an input DKFDS styles with its own
    label beside it (Django's default puts the input inside the label, which DKFDS hides).
    Empty for any other widget, so a template can test for it."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        css = "form-checkbox"
    elif isinstance(widget, forms.RadioSelect):
        css = "form-radio"
    else:
        return []
    classes = widget.attrs.get("class", "")
    if css not in classes.split():
        widget.attrs["class"] = f"{classes} {css}".strip()
    return list(bound_field.subwidgets)


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error summary's link points at: the field's input, or, for a list of
    checkboxes or radio buttons, its first option (Django labels the list by no id)."""
    if isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        options = list(bound_field.subwidgets)
        if options:
            return options[0].id_for_label
    return bound_field.id_for_label or bound_field.auto_id
