import re

import pytest

from assistant.compose.prompts import PromptError, PromptLibrary, load_prompt, placeholders

# The variables each caller passes; a new prompt must be added here with its caller's variables.
CALLERS = {
    "grounded_system": {"marking": " Every line of a note starts with a bar."},
    "grounded_question": {"notes": "[1] a note", "question": "What now?"},
    "standalone_query": {"conversation": "user: my team is late", "follow_up": "and then?"},
    "prepare_system": {},
    "prepare_protocol": {"protocols": "- grow: GROW", "conversation": "manager: late again"},
    "prepare_brief": {"conversation": "manager: late again"},
    "reflect_commitments": {"answers": "I will call Bo."},
    "lesson_draft": {"answers": "I learned to listen."},
    "baseline_coach": {},
    "find_peers_synthesis": {"problem": "late again", "quotes": '- Ana: "I gave ranges."'},
    "capture_pick": {"answer": "I felt stuck. I asked him.", "parts": "1. I felt stuck"},
    "capture_note": {"answers": "I asked him directly.", "tags": "trust, conflict"},
}


def test_every_prompt_renders_with_exactly_its_callers_variables():
    library = PromptLibrary()
    assert set(library.names()) == set(CALLERS)
    for name, values in CALLERS.items():
        text = library.render(name, **values)
        assert not re.search(r"\{[a-z_]+\}", text), f"{name} left a slot unrendered"
        for value in values.values():
            assert value in text


def test_missing_or_unexpected_variables_are_refused():
    library = PromptLibrary()
    with pytest.raises(PromptError, match="missing \\['question'\\]"):
        library.render("grounded_question", notes="x")
    with pytest.raises(PromptError, match="unexpected \\['extra'\\]"):
        library.render("grounded_question", notes="x", question="y", extra="z")
    with pytest.raises(PromptError, match="no prompt named"):
        library.render("nope")


def test_a_file_whose_slots_differ_from_its_declaration_is_refused(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\nname: bad\nvariables: [a]\n---\nHello {a} and {b}\n")
    with pytest.raises(PromptError, match="declares \\['a'\\] but uses \\['a', 'b'\\]"):
        load_prompt(bad)
    renamed = tmp_path / "other.md"
    renamed.write_text("---\nname: bad\nvariables: []\n---\nHi\n")
    with pytest.raises(PromptError, match="differs from the file name"):
        load_prompt(renamed)


def test_literal_braces_are_not_slots():
    assert placeholders('JSON like {{"a": 1}} and {x}') == {"x"}
