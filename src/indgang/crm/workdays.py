"""Calendar arithmetic for the CRM's deadlines: Danish working days, and years back."""

from datetime import date, timedelta

import holidays


def add_working_days(start: date, days: int) -> date:
    """``start`` plus ``days`` Danish working days (weekends and public holidays skipped)."""
    danish = holidays.Denmark(years=range(start.year, start.year + 2))
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in danish:
            days -= 1
    return current


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February becomes 28 February; never before the
    calendar's first day."""
    if day.year - years < date.min.year:
        return date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
