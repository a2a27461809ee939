"""Find peers' colleague cards: each quote says which note it comes from when not the named one."""

from assistant.retrieve.peers_account import CitedNote, CitedQuote, ColleagueAccount
from ui import peers_view


def test_a_quote_from_another_note_than_the_card_names_says_which():
    best = CitedNote(
        1, "kb/best.md", "Stopping my reps from overselling", "Hannah", "2025-05-29", ""
    )
    other = CitedNote(
        2, "kb/other.md", "Choosing between two candidates", "Hannah", "2025-12-09", ""
    )
    colleague = ColleagueAccount(
        "Hannah",
        "Sales",
        "Wrote the case “Stopping my reps from overselling”, 2025-05-29",
        1.0,
        [
            CitedQuote("I gave them a line to say.", best, "tried"),
            CitedQuote("I asked Aisha to help.", other, "tried"),
        ],
        named="kb/best.md",
    )
    first, second = peers_view.colleague_block(colleague).split("\n>\n")
    assert first.endswith("“I gave them a line to say.” \\[1\\]")  # the named note: no origin
    assert second.endswith(
        "“I asked Aisha to help.” \\[2\\] — from “Choosing between two candidates”"
    )
