"""The layering holds: no package cycles, the core imports no app, the UI reaches no store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.import_graph import ROOT, Import, all_imports, cycles, describe, graph_of

PACKAGES = ("assistant", "ui", "evals", "peercoach")

# The UI calls services; it never holds a store, a directory, LangChain or Chroma itself.
UI_FORBIDDEN_MODULES = (
    "assistant.index",
    "assistant.storage",
    "assistant.memory.store",
    "assistant.people.directory",
    "assistant.people.groups",
    "chromadb",
)
UI_FORBIDDEN_FAMILIES = ("langchain",)  # langchain, langchain_core, langchain_openai, ...
# What the UI may take from those modules: the errors a service raises (to say why it refused)
# and the plain records a service returns.
UI_ALLOWED_NAMES = {
    "assistant.memory.store.NotFoundError",
    "assistant.people.groups.GroupError",
    "assistant.people.directory.User",
}
# Who may import whom among the top-level packages: an app never imports another app.
NOT_IMPORTED_BY = {
    "assistant": ("ui", "evals", "peercoach"),
    "ui": ("evals", "peercoach"),
    "evals": ("peercoach",),
}


def _ours() -> list[Import]:
    present = [p for p in PACKAGES if (ROOT / p).is_dir()]
    return all_imports(ROOT, present)


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


@pytest.fixture(scope="module")
def ours() -> list[Import]:
    return _ours()


def test_no_cycle_between_the_core_packages(ours):
    graph = graph_of(ours, depth=2, within="assistant")
    assert "assistant.index" in graph.get("assistant.retrieve", {})  # the graph is really read
    found = [describe(graph, cycle) for cycle in cycles(graph)]
    assert found == [], "package cycles:\n" + "\n".join(found)


@pytest.mark.parametrize("package", ["ui", "evals", "peercoach"])
def test_no_cycle_between_the_parts_of_an_app(ours, package):
    graph = graph_of(ours, depth=2, within=package)
    found = [describe(graph, cycle) for cycle in cycles(graph)]
    assert found == [], "package cycles:\n" + "\n".join(found)


def test_no_cycle_between_top_level_packages(ours):
    graph = graph_of(ours, depth=1)
    found = [describe(graph, cycle) for cycle in cycles(graph)]
    assert found == [], "package cycles:\n" + "\n".join(found)


@pytest.mark.parametrize("package", sorted(NOT_IMPORTED_BY))
def test_a_package_does_not_import_an_app_above_it(ours, package):
    wrong = [
        f"{i.importer} imports {i.imported} ({i.where()})"
        for i in ours
        if _within(i.importer, (package,)) and _within(i.imported, NOT_IMPORTED_BY[package])
    ]
    assert wrong == []


def _store_reaches(imports: list[Import]) -> list[str]:
    """Return each UI import of a store, a directory, LangChain or Chroma."""
    return [
        f"{i.importer} imports {i.imported} ({i.where()})"
        for i in imports
        if _within(i.importer, ("ui",))
        and i.imported not in UI_ALLOWED_NAMES
        and (
            _within(i.imported, UI_FORBIDDEN_MODULES)
            or i.imported.startswith(UI_FORBIDDEN_FAMILIES)
        )
    ]


def test_the_ui_reaches_no_store_langchain_or_chroma(ours):
    assert any(_within(i.importer, ("ui",)) for i in ours), "no UI imports were read"
    assert _store_reaches(ours) == []


@pytest.mark.parametrize(
    "imported",
    [
        "assistant.memory.store.CoachStore",
        "assistant.index.chroma_store.NoteIndex",
        "assistant.people.directory.UserDirectory",
        "assistant.memory.store",  # the module itself: `from assistant.memory import store`
        "assistant.people.groups.GroupDirectory",
        "langchain_core.messages.HumanMessage",
        "chromadb",
    ],
)
def test_the_store_check_notices_a_ui_import_of(imported):
    reach = Import("ui.tabs.journal", imported, "ui/tabs/journal.py", 3)
    allowed = Import("ui.tabs.journal", "assistant.memory.store.NotFoundError", "ui/x.py", 4)
    assert _store_reaches([reach, allowed]) == [
        f"ui.tabs.journal imports {imported} (ui/tabs/journal.py:3)"
    ]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_finds_a_cycle_and_names_its_path(tmp_path):
    _write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/a/__init__.py": "",
            "core/a/one.py": "from core.b.two import thing\n",
            "core/b/__init__.py": "",
            "core/b/two.py": "def f():\n    from ..c import three\n",  # lazy and relative
            "core/c/__init__.py": "",
            "core/c/three.py": "import core.a.one\n",
            "core/d.py": "from core.a import one\n",  # imports into the cycle, is not part of it
        },
    )
    graph = graph_of(all_imports(tmp_path, ["core"]), depth=2, within="core")
    found = cycles(graph)
    assert found == [["core.a", "core.b", "core.c", "core.a"]]
    assert describe(graph, found[0]) == (
        "core.a -> core.b (core/a/one.py:1) -> core.c (core/b/two.py:2)"
        " -> core.a (core/c/three.py:1)"
    )


def test_the_checker_sees_no_cycle_in_a_one_way_graph(tmp_path):
    _write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/a.py": "from core import b\n",
            "core/b.py": "import core.c\n",
            "core/c.py": "import os\n",
        },
    )
    graph = graph_of(all_imports(tmp_path, ["core"]), depth=2, within="core")
    assert graph["core.a"].keys() == {"core.b"}
    assert cycles(graph) == []


def test_the_checker_finds_a_cycle_between_top_level_packages(tmp_path):
    _write(
        tmp_path,
        {
            "app/__init__.py": "from lib.tool import x\n",
            "lib/__init__.py": "",
            "lib/tool.py": "def late():\n    import app\n",
        },
    )
    graph = graph_of(all_imports(tmp_path, ["app", "lib"]), depth=1)
    assert cycles(graph) == [["app", "lib", "app"]]
