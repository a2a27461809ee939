"""Find peers on the demo knowledge base: quotes are verbatim, whole, own and readable."""

import re

import pytest

from assistant.retrieve.quotes import ELLIPSIS
from ui import peers_view

pytestmark = pytest.mark.integration

PROBLEMS = [
    "Two people on my team compete for the same promotion and stopped sharing information",
    "My team keeps missing deadlines",
    "quiet engineers do not raise problems in one-to-ones",
    "One of my team leads is burning out but won't say so",
]
SECRET = "walrus-harbour"


def squash(text):
    return " ".join(text.split())


def note_text(coach, doc_id):
    return squash(coach.search.note_texts([doc_id])[doc_id])


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_quote_is_a_whole_verbatim_sentence_of_the_colleagues_own_note(demo_coach, problem):
    filters = demo_coach.access.filters("sam")
    account = demo_coach.peers_account.account(problem, filters, exclude="Sam Okafor")
    assert len(account.colleagues) == 5
    assert all(c.quotes for c in account.colleagues)  # each colleague in their own words
    for colleague in account.colleagues:
        assert colleague.name != "Sam Okafor"
        for quote in colleague.quotes:
            assert quote.note.author == colleague.name  # from that colleague's notes only
            said = quote.text.removesuffix(ELLIPSIS)
            assert said in note_text(demo_coach, quote.note.doc_id)
            if not quote.text.endswith(ELLIPSIS):
                assert re.search(r"[.!?][\"”’)]?$", quote.text), quote.text  # never cut
            assert quote.text[0].isupper() or quote.text[0] in '"“', quote.text
        shown = peers_view.colleague_block(colleague)
        named = [q for q in colleague.quotes if q.note.doc_id == colleague.named]
        assert all(f"“{q.note.title}”" in colleague.why for q in named)  # the card names it
        for quote in colleague.quotes:  # a quote from another note says which
            assert (f"— from “{quote.note.title}”" in shown) == (quote not in named)
    numbers = [n.number for n in account.cited]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {q.note.doc_id for q in account.quotes()} <= {n.doc_id for n in account.cited}


@pytest.mark.parametrize(
    "problem", ["What is the best recipe for lasagna?", "How do I train my dog to stop barking?"]
)
def test_a_problem_no_note_comes_close_to_suggests_nobody(demo_coach, problem):
    filters = demo_coach.access.filters("sam")
    account = demo_coach.peers_account.account(problem, filters, exclude="Sam Okafor")
    assert account.colleagues == []  # before: five colleagues, quoted
    assert account.notes == []
    assert peers_view.colleagues_markdown(account) == peers_view.NO_PEERS
    nearest = demo_coach.search.search(problem, 40, filters)
    assert nearest
    assert max(m.dense for m in nearest) < demo_coach.settings.min_relevance


def test_a_private_or_other_group_note_never_supplies_a_quote(demo_app, tmp_path):
    private = tmp_path / "private.md"
    private.write_text(
        "# Deadlines and my own doubts\n\nMy team keeps missing deadlines and I sat in the car "
        f"park for an hour before the review, thinking about {SECRET} and quitting.\n"
    )
    demo_app.library.upload("priya", "Priya Raghunathan", [private], visibility="private")
    demo_app.search.settle()
    own = demo_app.peers_account.account(
        "missing deadlines review car park quitting", demo_app.access.filters("priya")
    )
    assert SECRET in str(own.notes)  # the control: its author finds it
    other = demo_app.peers_account.account(
        "missing deadlines review car park quitting", demo_app.access.filters("sam")
    )
    shown = [q.text for q in other.quotes()] + [str(m.text) for m, _ in other.notes]
    shown += [q.text for _, q in other.notes if q]
    assert SECRET not in " ".join(shown)


def test_the_notes_list_shows_each_notes_best_sentence(demo_coach):
    account = demo_coach.peers_account.account(
        "My team keeps missing deadlines", demo_coach.access.filters("sam")
    )
    assert len(account.notes) == 8
    quoted = [q for _, q in account.notes if q]
    assert len(quoted) >= 6
    for match, quote in account.notes:
        if quote:
            assert quote.note.doc_id == match.doc_id
            assert quote.text.removesuffix(ELLIPSIS) in note_text(demo_coach, match.doc_id)


def test_the_tab_shows_quotes_before_any_model_call(demo_app):
    from tests.apps import as_user, tabs_of

    demo_app.users.seed_demo()
    model = demo_app.chat.get()
    model.enqueue('{"summary": "Priya and Marcus both gave ranges instead of dates."}')
    tab = tabs_of(demo_app).find_peers
    updates = tab.find("My team keeps missing deadlines", [], [], [], "", as_user("sam"))
    first = {c.elem_id: v for c, v in next(updates).items()}
    assert model.history == []  # nothing asked of the model yet...
    assert "> “" in first["peers"]  # ...and colleagues' own words are on screen
    assert "Summing up" in first["answer"]
    assert "### Sources" in first["answer"]
    last = {c.elem_id: v for c, v in list(updates)[-1].items()}
    assert len(model.history) >= 1
    assert "Marcus" not in last["answer"]  # a summary naming someone not shown is dropped
    assert "Summing up" not in last["answer"]
    assert last["peers"] == first["peers"]
