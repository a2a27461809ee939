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
