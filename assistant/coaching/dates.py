"""Due dates for commitments in reflections, computed in code rather than guessed by the model.

Conventions (weeks start on Monday; case is ignored; the first expression in the text wins):
- "by", "on", "before", "until", "no later than" or nothing before an expression: the date itself.
- "today", "tonight", "EOD", "end of day" -> today; "tomorrow" -> +1; "day after tomorrow" -> +2.
- A bare weekday ("Tuesday", "by Fri") -> its next occurrence strictly after today.
- "this <weekday>", "<weekday> this week" -> that day of this week if not past, else the next one.
- "next <weekday>", "<weekday> next week" -> that day of the following week.
- "this week", "end of (the/this) week" -> Friday of this week (today on a Saturday or Sunday).
- "next week", "end of next week" -> Friday of next week.
- "this month", "end of (the/this) month" -> its last day; "(end of) next month" -> next month's.
- "in/within N days|weeks|fortnights|months": N is digits, one..twelve, a/an or "a couple of".
- Adding months keeps the day of the month, clamped to the target month's length.
- "the 15th" -> that day this month if not past, else next month; the 31st clamps to a month's end.
- A weekday right before a date ("Monday 14 December", "Tue the 8th") defers to the date.
- "15 January", "Jan 15th", "15th of January" -> that date, this year unless past, else next year.
- "2026-12-15" is ISO; "15/12" and "15/12/2026" are day/month (European); a stated year is kept.
- Mon/Wed/Sat/Sun count only after on/by/before/until/next, or as "Sat." before a lowercase word.
- Month names count only next to a day number ("I may", "the march of progress" name no date).
- No date: "last/past/previous/since/every <x>", "<weekday> last week", "yesterday", "24/7",
  plural weekdays ("on Mondays" is a habit) and "this weekend".
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable

_Date = datetime.date
_Rule = Callable[[re.Match[str], _Date], _Date | None]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_AMBIGUOUS = {"mon", "wed", "sat", "sun"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_COUNTS = {w: n for n, w in enumerate(_NUMBERS.split("|"), 1)} | {"a": 1, "an": 1, "a couple of": 2}
_DAYS_PER = {"day": 1, "week": 7, "fortnight": 14}
_WD = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun)"
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" + (
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:,? (?P<y>\d{4})\b)?"
_NO_DATE = re.compile(
    rf"\b(?:{_WD}\b,?\s+(?=last\s+week\b))?"
    r"(?:last|past|previous|since|every)\s+(?:other\s+)?\w+|\b24/7\b",
    re.I,
)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """Return the (year, month) n months after the given one."""
    y, m = divmod(year * 12 + month - 1 + n, 12)
    return y, m + 1


def _clamped(year: int, month: int, day: int) -> _Date:
    """Return the date, with the day clamped to the month's length."""
    return _Date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _monday(today: _Date) -> _Date:
    """Return the Monday of today's week."""
    return today - datetime.timedelta(days=today.weekday())


def _simple(m: re.Match[str], today: _Date) -> _Date:
    """Resolve today / tonight / end of day / tomorrow / the day after tomorrow."""
    word = m[0].lower()
    return today + datetime.timedelta(days=2 if "after" in word else int("tomorrow" in word))


def _weekday(m: re.Match[str], today: _Date) -> _Date | None:
    """Resolve a weekday name, optionally with this/next before it or this/next week after it."""
    name, rel = m["wd"].lower(), (m["post"] or m["rel"] or "").lower()
    after_dot = m.string[m.end("dot") :].lstrip()[:1] if m["dot"] else ""
    flagged = m["prep"] or rel == "next" or after_dot.islower() or after_dot.isdigit()
    if name in _AMBIGUOUS and not flagged:
        return None
    wd = _WEEKDAYS.index(name[:3])
    if rel == "next":
        return _monday(today) + datetime.timedelta(days=7 + wd)
    if rel == "this" and (day := _monday(today) + datetime.timedelta(days=wd)) >= today:
        return day
    return today + datetime.timedelta(days=(wd - today.weekday()) % 7 or 7)


def _period(m: re.Match[str], today: _Date) -> _Date:
    """Resolve this/next week (its Friday) and this/next month (its last day)."""
    nxt = int((m["end"] or m["rel"] or "").lower() == "next")
    if m["unit"].lower() == "month":
        return _clamped(*_add_months(today.year, today.month, nxt), 31)
    if not nxt and today.weekday() >= 5:
        return today
    return _monday(today) + datetime.timedelta(days=4 + 7 * nxt)


def _relative(m: re.Match[str], today: _Date) -> _Date:
    """Resolve "in N days/weeks/fortnights/months"."""
    word, unit = m["n"].lower(), m["unit"].lower()
    n = int(word) if word.isdigit() else _COUNTS[word]
    if unit == "month":
        return _clamped(*_add_months(today.year, today.month, n), today.day)
    return today + datetime.timedelta(days=n * _DAYS_PER[unit])


def _ordinal(m: re.Match[str], today: _Date) -> _Date | None:
    """Resolve "the 15th" (of next month): this month if not past, else next month."""
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    if not m["next"] and (this_month := _clamped(today.year, today.month, day)) >= today:
        return this_month
    return _clamped(*_add_months(today.year, today.month, 1), day)


def _explicit(m: re.Match[str], today: _Date) -> _Date | None:
    """Resolve a calendar date; without a year, the first one not before today (29 Feb: leap)."""
    name = m.groupdict().get("mon")
    month, day = _MONTHS.index(name[:3].lower()) + 1 if name else int(m["mo"]), int(m["d"])
    years = [int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)] if m["y"] else []
    for year in years or range(today.year, today.year + 5):
        try:
            found = _Date(year, month, day)
        except ValueError:
            continue
        if years or found >= today:
            return found
    return None


_SIMPLE = r"\b(?:(?:the )?day after tomorrow|tomorrow|today|tonight|eod|end of (?:the )?day)\b"
_WEEKDAY = rf"\b(?:(?P<prep>on|by|before|until) )?(?:(?P<rel>this|next) )?(?P<wd>{_WD})\b"
_WEEKDAY += rf"(?!,? (?:the )?\d{{1,2}}(?:{_ORD}\b|/| (?:of )?{_MON}\b))"  # "Mon 14 Dec": the date
_WEEKDAY += r"(?P<dot>\.)?(?:,? (?P<post>this|next) week\b)?"
_PERIOD = r"\b(?:end of (?:(?P<end>this|next|the) )?|(?P<rel>this|next) )(?P<unit>week|month)\b"
_RELATIVE = rf"\b(?:in|within) (?:the next )?(?P<n>\d{{1,3}}|{_NUMBERS}|a couple of|an?)"
_RELATIVE += r" (?P<unit>day|week|fortnight|month)s?\b(?! of\b)"
_ORDINAL = rf"\b(?:the|by|on|before|until) (?P<d>\d{{1,2}}){_ORD}\b"
_ORDINAL += rf"(?! (?:of )?{_MON}\b| (?:time|century|floor|place)\b)"
_ORDINAL += r"(?P<next> of next month)?"
_DAY_MONTH = rf"\b(?P<d>\d{{1,2}}){_ORD}? (?:of )?(?P<mon>{_MON})\b\.?{_YEAR}"
_MONTH_DAY = rf"\b(?P<mon>{_MON})\b\.? (?P<d>\d{{1,2}}){_ORD}?\b{_YEAR}"
_ISO = r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"
_NUMERIC = r"(?<![\d/])(?P<d>\d{1,2})/(?P<mo>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])"
_RULES: list[tuple[re.Pattern[str], _Rule]] = [
    (re.compile(pattern, re.I), rule)
    for pattern, rule in [
        (_SIMPLE, _simple),
        (_WEEKDAY, _weekday),
        (_PERIOD, _period),
        (_RELATIVE, _relative),
        (_ORDINAL, _ordinal),
        (_DAY_MONTH, _explicit),
        (_MONTH_DAY, _explicit),
        (_ISO, _explicit),
        (_NUMERIC, _explicit),
    ]
]


def due_date(text: str, today: datetime.date) -> datetime.date | None:
    """Return the date a commitment sentence names, relative to today (None when it names none)."""
    clean = " ".join(_NO_DATE.sub(" ", text).split())
    hits = [
        (m.start(), -len(m[0]), i, m) for i, (p, _) in enumerate(_RULES) for m in p.finditer(clean)
    ]
    for _, _, i, m in sorted(hits, key=lambda hit: hit[:3]):
        if (date := _RULES[i][1](m, today)) is not None:
            return date
    return None
