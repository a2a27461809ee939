"""Every symbol the app shows renders in Debian's Chromium without emoji fonts (no tofu boxes)."""

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOWN = [
    *sorted((REPO / "ui").rglob("*.py")),
    REPO / "assistant" / "texts.py",
    *sorted((REPO / "assistant" / "answer").glob("*.py")),
    REPO / "assistant" / "domain" / "freshness.py",
    REPO / "assistant" / "retrieve" / "peers.py",
]
NAMED = re.compile(r"\\N\{([A-Z0-9 -]+)\}")


def symbols(path: Path) -> set[str]:
    """Return the non-ASCII characters a source file writes, literally or as \\N{...}."""
    text = path.read_text(encoding="utf-8")
    found = {c for c in text if ord(c) > 127}
    found |= {unicodedata.lookup(name) for name in NAMED.findall(text)}
    return found


@cache
def covered(char: str) -> bool:
    """Return True when an installed Sans font has a glyph for the character."""
    out = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True
    ).stdout
    return "Sans" in out


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_every_symbol_shown_has_a_glyph_in_the_system_fonts():
    assert not covered("\N{HOURGLASS WITH FLOWING SAND}")  # the check can fail: no emoji font
    missing = {
        f"{path.relative_to(REPO)}: U+{ord(c):04X} {unicodedata.name(c, '?')}"
        for path in SHOWN
        for c in symbols(path)
        if unicodedata.category(c) != "Mn" and not covered(c)
    }
    assert sorted(missing) == []
