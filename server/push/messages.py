"""Notifications as a message id and its parameters, rendered in the reader's language.

A notification stores its kind (the message id) and the words it was about (the idea's
label, a status code, a handler's name); the texts come from server/texts.py each time
it is read or pushed, so a reader who switches language reads the inbox in the new one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import texts

# Short enough that title, body and URL always fit one push message (4 KB encrypted),
# even in scripts that take four bytes a character.
MAX_TITLE = 120
MAX_BODY = 600
MAX_IDEA_LABEL = 80
# The parameters of a row written before notifications were stored by id: its words
# as they were written, shown as they are.
WRITTEN = "written"


@dataclass(frozen=True)
class Message:
    """A notification's title and body in one language."""

    title: str
    body: str


def _strings(language: str | None) -> dict[str, str]:
    return texts.section(language, "notification")


def status_name(status: str, language: str | None) -> str:
    """Return a status's name as the web app shows it."""
    return _strings(language).get(f"status.{status}", status)


def someone(language: str | None) -> str:
    """Return the word for a handler whose account is gone."""
    return _strings(language)["someone"]


def submitter(language: str | None) -> str:
    """Return the word for an anonymous idea's submitter."""
    return _strings(language)["submitter"]


def render(kind: str, params: dict[str, Any], language: str | None) -> Message:
    """Render a stored notification in ``language``.

    ``status`` is a status code and is named in the language; ``actor`` and ``author`` are
    names, or None for someone whose account is gone; ``note`` is the handler's note.
    """
    if WRITTEN in params:
        written = params[WRITTEN]
        return Message(str(written.get("title", "")), str(written.get("body", "")))
    strings = _strings(language)
    values = {key: " ".join(str(value).split()) for key, value in params.items()
              if key != "note" and value is not None}
    for person in ("actor", "author"):
        if person in params and params[person] is None:
            values[person] = someone(language)
        if params.get(f"{person}_is_submitter"):
            values[person] = strings["submitter"]
    if "status" in values:
        values["status"] = status_name(values["status"], language)
    for coded in ("reason", "item"):  # codes, named in the reader's language
        if coded in values:
            values[coded] = strings.get(f"{coded}.{values[coded]}", values[coded])
    title = strings[f"{kind}.title"].format(**values)
    body = strings[f"{kind}.body"].format(**values)
    if params.get("due"):
        body = strings["due"].format(text=body, due=params["due"])
    note = str(params.get("note") or "").strip()
    if note:
        body = strings["note"].format(text=body, note=note)
    return Message(shorten(title, MAX_TITLE), shorten(body, MAX_BODY))


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis."""
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
