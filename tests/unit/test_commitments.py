"""Commitments from a manager's own words: steps split where they join and dated by code."""

import datetime as dt

from assistant.coaching.commitments import dated_steps

WEDNESDAY = dt.date(2026, 12, 2)


def test_two_steps_in_one_sentence_each_take_their_own_date():
    said = (
        "Tomorrow I'll tell them both that I will ask what they would do first, "
        "and by next Friday I'll review the escalations with each of them."
    )
    assert dated_steps([], said, said, WEDNESDAY) == [
        ("I'll tell them both that I will ask what they would do first", dt.date(2026, 12, 3)),
        ("By next Friday I'll review the escalations with each of them", dt.date(2026, 12, 11)),
    ]


def test_a_later_i_will_that_is_no_step_and_a_dated_lead_in_keep_the_sentence_whole():
    said = "I'll tell them on Monday, and they know I'll listen."
    assert dated_steps([], said, said, WEDNESDAY) == [
        ("I'll tell them on Monday, and they know I'll listen", dt.date(2026, 12, 7))
    ]
    item = "By end of the month, I'll ask Ines"
    assert dated_steps([item], item + ".", "", WEDNESDAY) == [(item, dt.date(2026, 12, 31))]


def test_imperative_steps_count_only_in_the_plan():
    plan = "Have an honest conversation with him about the gaps. Then decide with HR by Friday."
    assert dated_steps([], plan, plan, WEDNESDAY) == [
        ("Have an honest conversation with him about the gaps", None),
        ("Decide with HR by Friday", dt.date(2026, 12, 4)),
    ]
    assert dated_steps([], plan, "", WEDNESDAY) == []  # said elsewhere: not a plan
