"""Tests for due dates computed from commitment sentences."""

import datetime

import pytest

from assistant.coaching.dates import due_date

D = datetime.date
TODAY = D(2026, 12, 2)  # a Wednesday
MONDAY = D(2026, 11, 30)
SUNDAY = D(2026, 12, 6)
OCT_31 = D(2026, 10, 31)  # a Saturday, last day of a 31-day month
JAN_31 = D(2027, 1, 31)  # a Sunday, followed by a 28-day month
NOV_15 = D(2026, 11, 15)
DEC_28 = D(2026, 12, 28)  # a Monday, for year wrap


def test_the_issue_case_tuesday_said_on_a_wednesday():
    assert due_date("I'll check the counts on Tuesday", TODAY) == D(2026, 12, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # prepositions, or none
        ("on Friday I send it", D(2026, 12, 4)),
        ("by Friday", D(2026, 12, 4)),
        ("before Friday", D(2026, 12, 4)),
        ("until Friday", D(2026, 12, 4)),
        ("no later than Friday", D(2026, 12, 4)),
        ("Friday I send it", D(2026, 12, 4)),
        ("ON TUESDAY", D(2026, 12, 8)),
        ("No Later Than friday", D(2026, 12, 4)),
        # today / tomorrow
        ("I'll do it today", TODAY),
        ("tonight I write to her", TODAY),
        ("by EOD", TODAY),
        ("by end of day", TODAY),
        ("before the end of the day", TODAY),
        ("tomorrow I talk to Ana", D(2026, 12, 3)),
        ("the day after tomorrow", D(2026, 12, 4)),
        # bare weekdays: strictly after today
        ("Wednesday", D(2026, 12, 9)),
        ("Thursday", D(2026, 12, 3)),
        ("Monday", D(2026, 12, 7)),
        ("by Fri", D(2026, 12, 4)),
        ("on tue", D(2026, 12, 8)),
        ("tues", D(2026, 12, 8)),
        ("thu", D(2026, 12, 3)),
        ("thur", D(2026, 12, 3)),
        ("thurs", D(2026, 12, 3)),
        ("by mon", D(2026, 12, 7)),
        ("on Wed", D(2026, 12, 9)),
        ("by Sat", D(2026, 12, 5)),
        ("before Sat", D(2026, 12, 5)),
        ("until Sun", D(2026, 12, 6)),
        ("next Sat", D(2026, 12, 12)),
        ("Sat. morning I call her", D(2026, 12, 5)),
        ("I call her monday-morning", D(2026, 12, 7)),
        ("at Monday's meeting I raise it", D(2026, 12, 7)),
        # this <weekday>
        ("this Friday", D(2026, 12, 4)),
        ("this Wednesday", TODAY),
        ("this Tuesday", D(2026, 12, 8)),
        ("by Friday this week", D(2026, 12, 4)),
        # next <weekday>
        ("next Tuesday", D(2026, 12, 8)),
        ("next Wednesday", D(2026, 12, 9)),
        ("next Friday", D(2026, 12, 11)),
        ("Friday next week", D(2026, 12, 11)),
        ("by next Thursday", D(2026, 12, 10)),
        # weeks
        ("this week", D(2026, 12, 4)),
        ("by the end of the week", D(2026, 12, 4)),
        ("end of this week", D(2026, 12, 4)),
        ("end of week", D(2026, 12, 4)),
        ("next week I will talk to Ana", D(2026, 12, 11)),
        ("by the end of next week", D(2026, 12, 11)),
        ("next\nweek", D(2026, 12, 11)),
        # months
        ("this month", D(2026, 12, 31)),
        ("by the end of the month", D(2026, 12, 31)),
        ("end of this month", D(2026, 12, 31)),
        ("next month", D(2027, 1, 31)),
        ("end of next month", D(2027, 1, 31)),
        # in / within N units
        ("in 3 days", D(2026, 12, 5)),
        ("in three days", D(2026, 12, 5)),
        ("in twelve days", D(2026, 12, 14)),
        ("in a day", D(2026, 12, 3)),
        ("in a week", D(2026, 12, 9)),
        ("within 2 weeks", D(2026, 12, 16)),
        ("within the next 10 days", D(2026, 12, 12)),
        ("in a fortnight", D(2026, 12, 16)),
        ("in a couple of weeks", D(2026, 12, 16)),
        ("in two weeks' time", D(2026, 12, 16)),
        ("In Two Weeks", D(2026, 12, 16)),
        ("in a month", D(2027, 1, 2)),
        ("in 2 months", D(2027, 2, 2)),
        ("in six months", D(2027, 6, 2)),
        # ordinal day of month
        ("by the 15th I send the plan", D(2026, 12, 15)),
        ("on the 3rd", D(2026, 12, 3)),
        ("the 21st", D(2026, 12, 21)),
        ("the 2nd", TODAY),
        ("by the 1st", D(2027, 1, 1)),
        ("by the 15th of next month", D(2027, 1, 15)),
        ("by the 2nd of next month", D(2027, 1, 2)),
        # explicit dates
        ("15 January", D(2027, 1, 15)),
        ("January 15", D(2027, 1, 15)),
        ("by Jan 15th", D(2027, 1, 15)),
        ("15th of January", D(2027, 1, 15)),
        ("by the 15th of January", D(2027, 1, 15)),
        ("on 15 December", D(2026, 12, 15)),
        ("2 December", TODAY),
        ("1 December", D(2027, 12, 1)),
        ("15 January 2028", D(2028, 1, 15)),
        ("January 15, 2027", D(2027, 1, 15)),
        ("Sept. 3", D(2027, 9, 3)),
        ("3 march", D(2027, 3, 3)),
        ("may 5", D(2027, 5, 5)),
        ("by 29 February", D(2028, 2, 29)),
        ("2026-12-15", D(2026, 12, 15)),
        ("by 2027-03-01", D(2027, 3, 1)),
        ("2026-11-01", D(2026, 11, 1)),  # a stated year is kept, even in the past
        ("15/12", D(2026, 12, 15)),
        ("15/12/2026", D(2026, 12, 15)),
        ("15/12/27", D(2027, 12, 15)),
        ("1/3", D(2027, 3, 1)),  # day/month: 1 March
        # a weekday right before a date defers to the date
        ("on Monday 14 December", D(2026, 12, 14)),
        ("Tuesday, the 15th", D(2026, 12, 15)),
        ("Friday 18/12", D(2026, 12, 18)),
        ("by Friday 5 pm", D(2026, 12, 4)),
        # the first expression wins; past mentions are skipped
        ("Tomorrow I prepare, and on Friday I present", D(2026, 12, 3)),
        ("On Friday, or tomorrow at the latest", D(2026, 12, 4)),
        ("last Tuesday went badly, so next Monday I will ask again", D(2026, 12, 7)),
        ("yesterday I sat down with her; by Thursday I follow up", D(2026, 12, 3)),
        ("by Friday, since Monday was busy", D(2026, 12, 4)),
        ("every Monday, and by Thursday the report", D(2026, 12, 3)),
    ],
)
def test_due_date_on_a_wednesday(text, expected):
    assert due_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I will talk to Ana",
        "last Tuesday I talked to Ana",
        "yesterday went well",
        "Tuesday last week was hard",
        "since Monday I have been calmer",
        "I checked the past week of reports",
        "on Mondays I review the rota",
        "Sundays are quiet",
        "every Tuesday I meet the team",
        "every other Friday",
        "I may ask her",
        "the march of progress",
        "in June",
        "on second thoughts",
        "a week of chaos",
        "I was in a week of chaos",
        "I sat down with her",
        "we sat.",
        "I sat. Then I left",
        "the sun was out",
        "she wed in spring",
        "this sun is too much",
        "C'mon, just do it",
        "the 3rd time I tried",
        "the 21st century",
        "we are available 24/7",
        "in an hour",
        "this weekend",
        "2026-02-30",
        "31/11",
        "12/15",  # day/month: there is no 15th month
    ],
)
def test_no_date(text):
    assert due_date(text, TODAY) is None


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        # said on a Monday
        (MONDAY, "next Friday", D(2026, 12, 11)),
        (MONDAY, "Friday", D(2026, 12, 4)),
        (MONDAY, "this Friday", D(2026, 12, 4)),
        (MONDAY, "Monday", D(2026, 12, 7)),
        (MONDAY, "this Monday", MONDAY),
        (MONDAY, "next Monday", D(2026, 12, 7)),
        (MONDAY, "this week", D(2026, 12, 4)),
        (MONDAY, "next week", D(2026, 12, 11)),
        (MONDAY, "by the 30th", MONDAY),
        (MONDAY, "by the 1st", D(2026, 12, 1)),
        (MONDAY, "end of the month", MONDAY),
        # said on a Sunday
        (SUNDAY, "this week", SUNDAY),
        (SUNDAY, "end of the week", SUNDAY),
        (SUNDAY, "next week", D(2026, 12, 11)),
        (SUNDAY, "Monday", D(2026, 12, 7)),
        (SUNDAY, "next Monday", D(2026, 12, 7)),
        (SUNDAY, "this Monday", D(2026, 12, 7)),
        (SUNDAY, "Sunday", D(2026, 12, 13)),
        (SUNDAY, "this Sunday", SUNDAY),
        (SUNDAY, "today", SUNDAY),
        # said on the 31st
        (OCT_31, "by the 31st", OCT_31),
        (OCT_31, "by the 30th", D(2026, 11, 30)),
        (OCT_31, "by the 15th", D(2026, 11, 15)),
        (OCT_31, "in a month", D(2026, 11, 30)),
        (OCT_31, "end of the month", OCT_31),
        (OCT_31, "next month", D(2026, 11, 30)),
        (OCT_31, "this week", OCT_31),
        (OCT_31, "tomorrow", D(2026, 11, 1)),
        (JAN_31, "in a month", D(2027, 2, 28)),
        (JAN_31, "by the 30th", D(2027, 2, 28)),
        (JAN_31, "this Friday", D(2027, 2, 5)),
        (JAN_31, "next week", D(2027, 2, 5)),
        (NOV_15, "by the 31st", D(2026, 11, 30)),
        # December: the year wraps
        (DEC_28, "next month", D(2027, 1, 31)),
        (DEC_28, "by the 15th", D(2027, 1, 15)),
        (DEC_28, "15 January", D(2027, 1, 15)),
        (DEC_28, "15/1", D(2027, 1, 15)),
        (DEC_28, "next week", D(2027, 1, 8)),
        (DEC_28, "in a month", D(2027, 1, 28)),
        (DEC_28, "in 2 weeks", D(2027, 1, 11)),
        (DEC_28, "Friday", D(2027, 1, 1)),
    ],
)
def test_due_date_on_other_days(today, text, expected):
    assert due_date(text, today) == expected
