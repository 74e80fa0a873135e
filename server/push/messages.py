"""The texts of notifications, in each recipient's language (Swedish first)."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANGUAGE = "sv"
# Short enough that title, body and URL always fit one push message (4 KB encrypted),
# even in scripts that take four bytes a character.
MAX_TITLE = 120
MAX_BODY = 600
MAX_IDEA_LABEL = 80

CATALOGUE: dict[str, dict[str, str]] = {
    "sv": {
        "acknowledged.title": "Din idé är mottagen",
        "acknowledged.body": "{actor} har tagit emot ”{idea}”.",
        "status_changed.title": "Din idé: {status}",
        "status_changed.body": "{actor} har ändrat ”{idea}” till {status}.",
        "commented.title": "Ny kommentar på din idé",
        "commented.body": "{author} om ”{idea}”: {comment}",
        "new_idea.title": "Ny idé i {unit}",
        "new_idea.body": "{idea}",
        "voted_implemented.title": "En idé du röstat på är genomförd",
        "voted_implemented.body": "”{idea}” är genomförd.",
        "note": "{text}\n”{note}”",
        "someone": "En handläggare",
        "submitter": "Idéns förslagsställare",
        "status.submitted": "Inlämnad",
        "status.acknowledged": "Mottagen",
        "status.in_review": "Utreds",
        "status.approved": "Ska genomföras",
        "status.implemented": "Genomförd",
        "status.declined": "Genomförs inte",
    },
    "en": {
        "acknowledged.title": "Your idea has been received",
        "acknowledged.body": "{actor} has received “{idea}”.",
        "status_changed.title": "Your idea: {status}",
        "status_changed.body": "{actor} has moved “{idea}” to {status}.",
        "commented.title": "New comment on your idea",
        "commented.body": "{author} on “{idea}”: {comment}",
        "new_idea.title": "New idea in {unit}",
        "new_idea.body": "{idea}",
        "voted_implemented.title": "An idea you voted for is done",
        "voted_implemented.body": "“{idea}” has been done.",
        "note": "{text}\n“{note}”",
        "someone": "A handler",
        "submitter": "The idea's submitter",
        "status.submitted": "Submitted",
        "status.acknowledged": "Received",
        "status.in_review": "Under review",
        "status.approved": "Will be done",
        "status.implemented": "Done",
        "status.declined": "Declined",
    },
}


@dataclass(frozen=True)
class Message:
    """A notification's title and body in one language."""

    title: str
    body: str


def catalogue(language: str | None) -> dict[str, str]:
    """Return the strings of ``language``, or Swedish when it has none."""
    return CATALOGUE.get(language or DEFAULT_LANGUAGE, CATALOGUE[DEFAULT_LANGUAGE])


def status_name(status: str, language: str | None) -> str:
    """Return a status's name as the web app shows it."""
    return catalogue(language).get(f"status.{status}", status)


def render(kind: str, language: str | None, *, note: str = "", **values: str) -> Message:
    """Fill in the title and body of ``kind``, adding the handler's note when there is one."""
    strings = catalogue(language)
    values = {key: " ".join(str(value).split()) for key, value in values.items()}
    title = strings[f"{kind}.title"].format(**values)
    body = strings[f"{kind}.body"].format(**values)
    if note.strip():
        body = strings["note"].format(text=body, note=note.strip())
    return Message(shorten(title, MAX_TITLE), shorten(body, MAX_BODY))


def someone(language: str | None) -> str:
    """Return the word for a handler whose account is gone."""
    return catalogue(language)["someone"]


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis."""
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def submitter(language: str | None) -> str:
    """Return the words for an anonymous idea's submitter, named to no one else."""
    return catalogue(language)["submitter"]
