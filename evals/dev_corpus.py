"""The development corpus: the demo knowledge base as JSONL records (`id` = file stem)."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter

from assistant.ingest.notes import iso_date, parse_tags
from assistant.resources import bundled_folder, demo_knowledge_dir

DEV_DIR = bundled_folder("evals") / "data"  # the labelled dev set, shipped as package data


def dev_records(knowledge: Path | None = None) -> list[dict[str, object]]:
    """Return one record per demo note (the bundled demo knowledge base by default)."""
    records = []
    for path in sorted((knowledge or demo_knowledge_dir()).glob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        meta = post.metadata
        records.append(
            {
                "id": path.stem,
                "text": post.content.strip(),
                "author": meta["author"],
                "title": meta.get("title", ""),
                "team": meta.get("team", ""),
                "tags": list(parse_tags(meta.get("tags"))),
                "date": iso_date(meta.get("date")),
            }
        )
    return records


def write_dev_corpus(target: Path = DEV_DIR / "dev-corpus.jsonl") -> Path:
    """Write the dev corpus file (run after editing knowledge/)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in dev_records()]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_dev_corpus())
