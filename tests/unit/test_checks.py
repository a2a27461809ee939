"""The reply check: each rule catches its defect and lets a clean reply through untouched."""

import pytest

from assistant.coaching.checks import ReplyChecker, common_word, cut_off, is_name
from assistant.coaching.listening import reflection

MANAGER = "I feel stuck and my two leads stopped talking to each other."


def rules(reply, earlier=(), manager=MANAGER):
    return {d.rule for d in ReplyChecker().defects(reply, manager, earlier)}


@pytest.mark.parametrize(
    ("reply", "rule"),
    [
        ("You said I feel stuck and need to do more. What helps?", "pronoun_flip"),
        ("You said I keep putting it off. What stops you?", "pronoun_flip"),
        ("You said my leads stopped talking. What happened?", "pronoun_flip"),
        ("You feel stuck. What am I missing?", "coach_self_question"),
        ("You feel stuck. What might help me get started?", "coach_self_question"),
        ("You feel <feeling> about <situ>. What now?", "placeholder"),
        ("You feel stuck about {situation}. What now?", "placeholder"),
        ("You said [name] left. What now?", "placeholder"),
        ("You said she expects you to be always 2. What now?", "cut_off"),
        ("You said it was just burn,. What now?", "cut_off"),
        ("You said you are stuck and you feel like. What now?", "cut_off"),
        ("You said you are stuck. What now", "cut_off"),
        ("You said everyone tells you it'll . What now?", "cut_off"),
        ("You said the two hours overlap. The . What happened?", "cut_off"),
        ("You feel stuck。 What now?", "foreign_script"),
        ("You feel stuck. What now 吗?", "foreign_script"),
        ("You feel stuck. What have you tried? Who knows?", "many_questions"),
        ("You feel stuck. Try talking to them.", "advice"),
        ("You feel stuck. You should talk to them. What now?", "advice"),
    ],
)
def test_each_defect_is_found(reply, rule):
    assert rule in rules(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "You feel stuck. What have you tried so far?",
        "Your two leads stopped talking to each other. What are you hoping for?",
        "So you tried one-to-ones, and it didn't help. Who do you report to?",
        "You said the team grew to 12 in 2024. What changed then?",
        "You said nobody wanted it. What makes it hard for you?",
        "You said someone on your team dropped sprint work for her. What now?",
        "You said his team averages 71% while the others are around 85%. What now?",
    ],
)
def test_clean_replies_pass_untouched(reply):
    assert rules(reply) == set()


def test_a_capital_after_you_said_must_be_a_name_the_manager_writes():
    said = "Two of my reports, Ana and Ben, compete. Probation ends soon."
    assert rules("You mentioned that Ana and Ben compete. What is at stake?", manager=said) == set()
    assert "stray_capital" in rules("You said Probation ends soon. What now?", manager=said)
    assert rules("You said probation ends soon. What now?", manager=said) == set()


def test_a_script_the_manager_used_is_not_foreign():
    assert "foreign_script" not in rules("You said Чао. What now?", manager="Я сказал Чао")


def test_a_repeated_question_is_found_by_wording_and_by_meaning():
    earlier = ["What have you tried so far?"]
    assert "repeated_question" in rules("You feel stuck. What have you tried so far?", earlier)
    assert "repeated_question" not in rules("You feel stuck. Who else is involved?", earlier)
    by_meaning = ReplyChecker(similarity=lambda q, others: 0.9)
    assert by_meaning.repeats("How are you feeling about this?", ["How do you feel?"])
    unrelated = ReplyChecker(similarity=lambda q, others: 0.1)
    assert not unrelated.repeats("Who else is involved?", ["What have you tried?"])


def test_case_words_are_masked_before_meaning_is_compared():
    seen = []

    def similarity(question, others):
        seen.append((question, others))
        return 0.0

    ReplyChecker(similarity).repeats(
        "What makes the promotion hard for you?",
        ["What have you tried with the promotion?"],
        "Two leads want the promotion.",
    )
    [(question, others)] = seen
    assert "promotion" not in question
    assert "promotion" not in others[0]


def test_cut_off_lets_a_question_end_on_a_preposition():
    assert cut_off("Who do you report to?") == []
    assert cut_off("What are you worried about?") == []
    assert cut_off("You said you are worried about the.") != []


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("I'm fed up. We promised the legal team a template library.", "You're fed up."),
        ("Honestly, I feel stuck in a rut.", "You feel stuck in a rut."),
        (
            "Two of them compete for one promotion.",
            "You said two of them compete for one promotion.",
        ),
        ("She told me 'you never listen'. I was hurt.", "You were hurt."),
        ("She's proud of her rigour.", "You said she's proud of her rigour."),
        ("I’ve tried alarms, but nothing works.", "You’ve tried alarms, but nothing works."),
        ("She’s proud of her rigour.", "You said she’s proud of her rigour."),
        ("Priya and Tomasz stopped talking.", "You said Priya and Tomasz stopped talking."),
    ],
)
def test_reflections_are_built_in_the_second_person_and_pass_the_check(message, expected):
    built = reflection(message, ReplyChecker())
    assert built == expected
    assert rules(built, manager=message) == set()


def test_a_clause_already_given_back_is_not_given_back_again():
    message = "I feel stuck. The launch slipped twice."
    first = reflection(message, ReplyChecker())
    assert first == "You feel stuck."
    second = reflection(message, ReplyChecker(), turn=1, given_back=[first])
    assert "stuck" not in second
    assert "launch slipped" in second


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # an ordinary word opening a sentence is lowercased after "You said", a name is not
        ("Probation ends on the 30th, three weeks from now.", "You said probation ends on the"),
        ("If I escalate it, I'm worried I'll look bad.", "You said if you escalate it, you're"),
        # a clause that leaves out its "I" gets it back, in the second person
        ("Escalated twice to their manager. Nothing changed.", "You escalated twice to their"),
        ("Haven't raised it with her directly, not sure how.", "You haven't raised it with her"),
        ("Priya blocks every review I open.", "You said Priya blocks every review"),
    ],
)
def test_reflection_of_a_sentence_start(message, expected):
    text = reflection(message, ReplyChecker())
    assert text.startswith(expected)
    assert ReplyChecker().defects(text, message) == []


def test_a_name_that_is_also_a_word_is_not_lowercased():
    text = reflection("Mark keeps missing the weekly deadline.", ReplyChecker())
    assert text == "You said Mark keeps missing the weekly deadline."


@pytest.mark.parametrize("word", ["Priya", "Marcus", "Tomasz", "Renata", "Sam", "Mark", "Will"])
def test_names_read_as_names(word):
    assert is_name(word)
    assert not common_word(word)


@pytest.mark.parametrize("word", ["Probation", "Escalated", "Decision's", "Haven't", "Budget"])
def test_ordinary_words_read_as_words(word):
    assert common_word(word)
    assert not is_name(word)


def test_a_sentence_opening_word_left_capitalised_is_a_defect():
    said = "If I escalate it, I look bad."
    assert "stray_capital" in rules("You said If you escalate it, you look bad.", manager=said)
