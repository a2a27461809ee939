"""The settings reference (README table, .env.example), generated from the Settings fields."""

from __future__ import annotations

import textwrap

from assistant.settings import Settings

HEADER = "# Peer Coach settings. Copy to .env, uncomment what you change; defaults run offline."


def _default(name: str) -> str:
    field = Settings.model_fields[name]
    value = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
    return "" if value is None or value == {} else str(value)


def settings_table() -> str:
    """Return the markdown table of every setting, its default and description."""
    rows = ["| Variable | Default | What it does |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = f"`{_default(name)}`" if _default(name) else "(unset)"
        rows.append(f"| `PEERCOACH_{name.upper()}` | {default} | {field.description} |")
    return "\n".join(rows) + "\n"


def env_example() -> str:
    """Return the text of .env.example: every setting, commented out at its default."""
    lines = [HEADER, ""]
    for name, field in Settings.model_fields.items():
        lines += [f"# {line}" for line in textwrap.wrap(field.description or "", 96)]
        lines += [f"# PEERCOACH_{name.upper()}={_default(name)}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    (root / ".env.example").write_text(env_example())
    readme = root / "README.md"
    table = re.compile(r"\| Variable \| Default \| What it does \|\n(\|.*\|\n)+")
    readme.write_text(table.sub(lambda _: settings_table(), readme.read_text()))
    print("updated .env.example and the README settings table")  # noqa: T201
