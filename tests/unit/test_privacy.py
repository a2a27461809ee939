from assistant.coaching.privacy import scrub


def test_contact_details_and_names_are_removed():
    text = (
        "I asked Marta Kowalski (marta.k@example.com, +44 20 7946 0958) to lead. "
        "Later Priya agreed. We review on 2026-12-05."
    )
    out = scrub(text, names=["Priya Raghunathan"])
    assert "Marta" not in out
    assert "example.com" not in out
    assert "7946" not in out
    assert "Priya" not in out
    assert "2026-12-05" in out  # dates are not phone numbers
    assert out.startswith("I asked a colleague ([email], [phone]) to lead.")


def test_titles_keep_their_capitals_but_lose_known_names():
    title = "Sharing Peer Coaching Insights With Priya"
    assert scrub(title, ["Priya Raghunathan"], guess_names=False) == (
        "Sharing Peer Coaching Insights With a colleague"
    )


def test_dates_times_and_year_ranges_are_not_phone_numbers():
    text = "Next session 2024-11-05 14:00, budget 2023-2024; review 05/11/2024 at 9:30."
    assert scrub(text) == text


def test_phone_numbers_in_several_national_and_international_forms_are_removed():
    text = "Call +44 20 7946 0958, 020 7946 0958 or (415) 555-2671 tomorrow."
    assert scrub(text) == "Call [phone], [phone] or [phone] tomorrow."


def test_known_names_match_in_any_case_but_a_name_that_is_a_word_only_capitalised():
    out = scrub("I told priya, then PRIYA RAGHUNATHAN agreed.", ["Priya Raghunathan"])
    assert out == "I told a colleague, then a colleague agreed."
    out = scrub("We mark the date and Mark agreed.", ["Mark Lee"], guess_names=False)
    assert out == "We mark the date and a colleague agreed."


def test_ordinary_capitalised_phrases_are_not_taken_for_names():
    text = "We met in New York on Monday Morning for the Quarterly Business Review."
    assert scrub(text) == text
    assert scrub("I asked Marta Kowalski to lead.") == "I asked a colleague to lead."
