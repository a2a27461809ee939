from evals.coaching_metrics import measure, summarise

OPENING = "My team keeps missing sprint deadlines and I feel stuck between them and my boss."


def test_a_coaching_reply():
    m = measure(OPENING, "You feel stuck between your team and your boss. What makes it hard?")
    assert (m.questions, m.open_questions, m.advice) == (1, 1, False)
    assert m.own_words > 0.3


def test_an_advice_reply():
    reply = "Here are some tips:\n1. Set clearer goals.\n2. You should hold stand-ups. Is that ok?"
    m = measure(OPENING, reply)
    assert m.advice
    assert (m.questions, m.open_questions) == (1, 0)


def test_summary():
    metrics = [measure(OPENING, "What happened?"), measure(OPENING, "You should try harder.")]
    s = summarise(metrics, [1.0, 3.0])
    assert s["one_question"] == 0.5
    assert s["advice_share"] == 0.5
    assert s["open_share"] == 1.0
    assert s["seconds"] == 2.0


def test_try_to_inside_a_question_is_not_advice():
    m = measure(OPENING, "You feel stuck. What have you done to try to resolve it?")
    assert not m.advice
    assert measure(OPENING, "Try a daily stand-up. What do you think?").advice


def test_a_whose_question_is_open_and_a_yes_no_question_is_not():
    assert measure(
        OPENING, "You feel stuck. Whose view would you like to understand?"
    ).open_questions
    assert not measure(OPENING, "You feel stuck. Did you talk to your boss?").open_questions
