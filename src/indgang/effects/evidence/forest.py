"""The forest plot of the national board: one line per offer, its estimate as a dot and the
95 % interval as a bar, zero marked. Plain SVG drawn on the server (no script needed); the
same figures stand in the table beside it and in the download."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indgang.catalog.public import evidence_number

ROW = 22
LABEL = 260
PLOT = 420
MARGIN = 16


def forest_svg(rows: list[dict]) -> str:
    if not rows:
        return ""
    low = min(min(r["ci_low"], r["att"]) for r in rows if r["ci_low"] is not None)
    high = max(max(r["ci_high"], r["att"]) for r in rows if r["ci_high"] is not None)
    low, high = min(low, 0.0), max(high, 0.0)
    span = (high - low) or 1.0

    def x(value: float) -> str:
        return f"{LABEL + MARGIN + (value - low) / span * PLOT:.1f}"

    height = ROW * (len(rows) + 2)
    parts = [
        format_html(
            '<line x1="{0}" y1="4" x2="{0}" y2="{1}" stroke="#6b6b6b" stroke-dasharray="4 3"/>',
            x(0.0),
            height - ROW,
        )
    ]
    for i, row in enumerate(rows):
        y = ROW * (i + 1)
        colour = "#0059b3" if row["shown"] else "#8a8a8a"
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>',
                LABEL,
                y + 4,
                row["title"][:40],
            )
        )
        if row["ci_low"] is not None and row["ci_high"] is not None:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>',
                    x(row["ci_low"]),
                    y,
                    x(row["ci_high"]),
                    y,
                    colour,
                )
            )
        parts.append(
            format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', x(row["att"]), y, colour)
        )
    axis_y = height - ROW + 14
    for value in (low, 0.0, high):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                x(value),
                axis_y,
                evidence_number(value),
            )
        )
    title = escape(
        _(
            "Measured effect of each offer with its 95 % interval; grey: does not meet the rules to be shown"
        )
    )
    return mark_safe(  # noqa: S308 - every part above is escaped by format_html
        f'<svg role="img" aria-label="{title}" width="100%" viewBox="0 0 '
        f'{LABEL + PLOT + 2 * MARGIN} {height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{title}</title>{''.join(parts)}</svg>"
    )
