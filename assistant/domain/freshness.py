"""Verified knowledge: who vouches for a note, when they last checked it, and when it goes stale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.domain.metadata import NoteMetadata

REVIEW_AFTER_DAYS = 365  # a note with no review-by date is due a year after it was verified/written
DUE_SOON_DAYS = 30  # the owner's view lists notes due within this many days


@dataclass(frozen=True)
class Freshness:
    """Where a note stands: verified (checked, not yet due), unreviewed, or stale (past due)."""

    status: str  # "verified" | "unreviewed" | "stale"
    verified: str  # YYYY-MM-DD it was last checked, or ''
    review_by: str  # YYYY-MM-DD it should be checked again, or '' when undated
    owner: str  # the username who keeps it current

    def label(self) -> str:
        """Return a short label for a citation, e.g. 'verified 2026-06-30' or 'stale: ...'."""
        if self.status == "verified":
            return f"verified {self.verified}"
        if self.status == "stale":
            return f"stale: review was due {self.review_by}"
        return f"not yet verified, review by {self.review_by}" if self.review_by else "not verified"

    def due_within(self, today: dt.date, days: int = DUE_SOON_DAYS) -> bool:
        """Return True when the note is stale or due for review within `days`."""
        return bool(self.review_by) and self.review_by <= (today + dt.timedelta(days)).isoformat()


def freshness(
    metadata: Mapping[str, Any] | NoteMetadata, today: dt.date | None = None
) -> Freshness:
    """Return a note's freshness from its chunk metadata, as of `today`."""
    today = today or dt.date.today()
    if not isinstance(metadata, NoteMetadata):
        metadata = NoteMetadata.from_stored(metadata)
    verified, review_by, owner = metadata.verified, metadata.review_by, metadata.owner
    start = verified or metadata.date
    if not review_by and start:
        try:
            review_by = (dt.date.fromisoformat(start) + dt.timedelta(REVIEW_AFTER_DAYS)).isoformat()
        except ValueError:  # an index written by something else: treat the note as undated
            review_by = ""
    if review_by and review_by < today.isoformat():
        return Freshness("stale", verified, review_by, owner)
    return Freshness("verified" if verified else "unreviewed", verified, review_by, owner)


def verification(today: dt.date | None = None, days: int = REVIEW_AFTER_DAYS) -> dict[str, str]:
    """Return the metadata that marks a note verified today and due again in `days`."""
    today = today or dt.date.today()
    return {"verified": today.isoformat(), "review_by": (today + dt.timedelta(days)).isoformat()}
