"""Which packages the distribution holds; the rest of the metadata is in pyproject.toml.

The repository keeps prompts/ and knowledge/ at the top level; they install inside the core as
the resource packages `assistant.prompts` and `assistant.knowledge` (see assistant/resources.py).
"""

from pathlib import Path

from setuptools import find_packages, setup

RESOURCES = {"assistant.prompts": "prompts", "assistant.knowledge": "knowledge"}
DATA_FOLDERS = {"assistant.prompts": "prompts", "evals": "evals"}  # their subfolders hold data


def data_folders() -> list[str]:
    """Return the data subfolders as package names, so setuptools ships them unambiguously."""
    return [
        f"{package}.{sub.name}"
        for package, folder in DATA_FOLDERS.items()
        for sub in sorted(Path(folder).iterdir())
        if sub.is_dir() and not sub.name.startswith("__") and not (sub / "__init__.py").exists()
    ]


setup(
    packages=[
        *find_packages(include=["assistant", "assistant.*", "ui", "ui.*", "evals", "evals.*"]),
        *find_packages(include=["peercoach", "peercoach.*"]),
        *RESOURCES,
        *data_folders(),
    ],
    package_dir=RESOURCES,
)
