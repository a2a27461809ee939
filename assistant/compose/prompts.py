"""Prompt files: named, versioned templates in prompts/ whose variables are checked before use."""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from assistant.resources import prompts_dir

DEFAULT_PROMPTS_DIR = prompts_dir()


class PromptError(ValueError):
    """A prompt file is malformed or was rendered with the wrong variables."""


@dataclass(frozen=True)
class PromptTemplate:
    """One prompt: its text with `{variable}` slots and the variables it declares."""

    name: str
    version: int
    variables: frozenset[str]
    text: str

    def render(self, **values: object) -> str:
        """Return the text with every variable filled; raise PromptError on missing or extra."""
        given = set(values)
        missing = self.variables - given
        extra = given - self.variables
        if missing or extra:
            raise PromptError(
                f"prompt {self.name!r} needs {sorted(self.variables)}; "
                f"missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return self.text.format(**{k: str(v) for k, v in values.items()})


def placeholders(text: str) -> set[str]:
    """Return the `{names}` used in a template (`{{` and `}}` are literal braces)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def load_prompt(path: Path) -> PromptTemplate:
    """Return the prompt in a file, checking its declared variables match its slots."""
    post = frontmatter.loads(path.read_text(encoding="utf-8"))
    declared = frozenset(str(v) for v in _as_list(post.metadata.get("variables")))
    used = placeholders(post.content)
    if used != declared:
        raise PromptError(
            f"{path.name}: declares {sorted(declared)} but uses {sorted(used)} as slots"
        )
    name = str(post.metadata.get("name") or path.stem)
    if name != path.stem:
        raise PromptError(f"{path.name}: name {name!r} differs from the file name")
    return PromptTemplate(name, int(str(post.metadata.get("version", 1))), declared, post.content)


class PromptLibrary:
    """All prompt files of a folder, loaded and checked once."""

    def __init__(self, folder: Path = DEFAULT_PROMPTS_DIR) -> None:
        self.folder = folder
        self._prompts = {
            p.stem: load_prompt(p) for p in sorted(folder.glob("*.md")) if p.name != "README.md"
        }

    def names(self) -> list[str]:
        """Return the names of every prompt."""
        return sorted(self._prompts)

    def get(self, name: str) -> PromptTemplate:
        """Return one prompt by name."""
        try:
            return self._prompts[name]
        except KeyError:
            raise PromptError(f"no prompt named {name!r} in {self.folder}") from None

    def render(self, name: str, **values: object) -> str:
        """Render one prompt with exactly its declared variables."""
        return self.get(name).render(**values)


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PromptError(f"variables must be a list, not {type(value).__name__}")
    return value
