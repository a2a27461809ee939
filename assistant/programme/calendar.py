"""A group's sessions as an iCalendar (RFC 5545) file: one event per planned or held session."""

from __future__ import annotations

import datetime as dt
import hashlib

from assistant.coaching.protocols import Protocol
from assistant.people.groups import WHEN, Group

PRODID = "-//Peer Coach//Peer groups//EN"


def group_calendar(group: Group, protocol: Protocol | None, minutes: int = 0) -> str:
    """Return the group's sessions as .ics text (times floating: the reader's local time)."""
    length = minutes or (protocol.minutes + 15 if protocol else 60)
    title = protocol.title if protocol else "peer coaching"
    purpose = group.purpose or "peer coaching on current management challenges"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _line("X-WR-CALNAME", f"Peer group {group.name}"),
    ]
    for session in group.schedule:
        if session.status == "cancelled":
            continue
        start = dt.datetime.strptime(session.when, WHEN)
        end = start + dt.timedelta(minutes=length)
        uid = hashlib.sha256(f"{group.name}|{session.when}".encode()).hexdigest()[:24]
        description = (
            f"Purpose: {purpose}\nProtocol: {title}"
            + (f" ({protocol.minutes} min): {protocol.best_for}" if protocol else "")
            + "\nBefore: prepare your case brief. After: reflect and answer the pulse."
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@peercoach",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start.strftime('%Y%m%dT%H%M%S')}",
            f"DTEND:{end.strftime('%Y%m%dT%H%M%S')}",
            _line("SUMMARY", f"Peer group {group.name}: {title}"),
            _line("DESCRIPTION", description),
            f"STATUS:{'CONFIRMED' if session.status == 'held' else 'TENTATIVE'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _line(name: str, text: str) -> str:
    """Return a content line with TEXT escaped as RFC 5545 asks (backslash, ;, , and newlines)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    return f"{name}:{escaped}"


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)
