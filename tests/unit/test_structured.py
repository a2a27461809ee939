from assistant.answer.citations import cited_numbers, render_sources
from assistant.answer.structured import answer_format, parse_answer, render_answer
from assistant.compose.grounded import Source


def src(n: int, author: str = "Ana") -> Source:
    return Source(n, f"kb/{n}.md", f"T{n}", author, "Ops", "2026-01-01", "x", 0.5)


def test_schema_only_allows_shown_note_numbers():
    fmt = answer_format([src(1), src(3)])
    note = fmt["json_schema"]["schema"]["properties"]["points"]["items"]["properties"]["note"]
    assert note["enum"] == [1, 3]


def test_partial_json_renders_progressively():
    sources = [src(1, "Priya")]
    partial = '{"points": [{"note": 1, "insight": "She gave ran'
    text, cited = render_answer(parse_answer(partial), sources)
    assert text == "- **Priya** [1]: She gave ran"
    assert cited == [1]
    assert parse_answer('{"points": [{"no') == {"points": [{}]}
    assert render_answer({"points": [{}]}, sources) == ("", [])


def test_garbage_parses_to_nothing():
    assert parse_answer("{{{ not json") == {}
    assert render_answer({"points": "nope", "question": 3}, [src(1)]) == ("3", [])


def test_citation_markers():
    sources = [src(1), src(2)]
    assert cited_numbers("a [2] b [1,2] c [3] d [x]", sources) == [2, 1]
    md = render_sources(sources, [2])
    assert md.splitlines() == [
        "**Sources**",
        "- [2] T2 — Ana (Ops, 2026-01-01)",
        "- [1] T1 — Ana (Ops, 2026-01-01) (not cited)",
    ]
    assert render_sources([], []) == ""


def test_a_closing_question_that_parrots_the_managers_question_is_left_out():
    sources = [src(1, "Priya")]
    asked = "My team keeps missing deadlines. What did others try?"
    parrot = {"points": [{"note": 1, "insight": "Ranges."}], "question": "What did others try?"}
    assert render_answer(parrot, sources, asked)[0] == "- **Priya** [1]: Ranges."
    real = {**parrot, "question": "What would a range mean for your stakeholders?"}
    assert render_answer(real, sources, asked)[0].endswith("for your stakeholders?")
    assert render_answer(parrot, sources)[0].endswith("What did others try?")  # nothing asked
