"""A group's meeting dates from its cadence (weekly, fortnightly, monthly, every N weeks)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from assistant.people.groups import WHEN, GroupError

CADENCES = ("weekly", "fortnightly", "monthly", "every 3 weeks")


def meeting_times(first: str, cadence: str, count: int) -> list[str]:
    """Return `count` meeting times (YYYY-MM-DD HH:MM) starting at `first`, spaced by cadence."""
    try:
        start = dt.datetime.strptime(first.strip(), WHEN)
    except ValueError:
        raise GroupError(f"{first!r} is not a time like 2026-12-08 15:00") from None
    if not 1 <= count <= 52:
        raise GroupError("plan between 1 and 52 sessions")
    text = cadence.strip().lower()
    if text == "monthly":
        return [_add_months(start, i).strftime(WHEN) for i in range(count)]
    weeks = {"weekly": 1, "fortnightly": 2, "biweekly": 2}.get(text)
    match = re.fullmatch(r"every (\d{1,2}) weeks?", text)
    if match:
        weeks = int(match.group(1))
    if not weeks:
        raise GroupError(f"cadence {cadence!r}: use weekly, fortnightly, monthly or every N weeks")
    return [(start + dt.timedelta(weeks=weeks * i)).strftime(WHEN) for i in range(count)]


def _add_months(start: dt.datetime, months: int) -> dt.datetime:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)
