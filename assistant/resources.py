"""Files shipped with the package: prompts/ and knowledge/ of the repository, found on import.

`setup.py` installs the repository's `prompts/` as `assistant.prompts` and `knowledge/` as
`assistant.knowledge`, so the same lookups work from a checkout (editable install) and a wheel.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PROMPTS_PACKAGE = "assistant.prompts"
KNOWLEDGE_PACKAGE = "assistant.knowledge"


class ResourceError(RuntimeError):
    """A bundled resource folder is missing or not on the file system."""


def bundled_folder(package: str) -> Path:
    """Return the folder of a resource package (wheels install unzipped, so it is a real path)."""
    try:
        folder = files(package)
    except ModuleNotFoundError as exc:
        raise ResourceError(f"{package} is not installed: pip install . (or -e .)") from exc
    if not isinstance(folder, Path):
        raise ResourceError(f"{package} is not a folder on disk ({type(folder).__name__})")
    return folder


def prompts_dir() -> Path:
    """Return the folder of the prompt files (with protocols/, frameworks/, questions/)."""
    return bundled_folder(PROMPTS_PACKAGE)


def demo_knowledge_dir() -> Path:
    """Return the folder of the demo knowledge base (notes and demo-activity.json)."""
    return bundled_folder(KNOWLEDGE_PACKAGE)
