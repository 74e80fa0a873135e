"""Every text the server writes for people, in Swedish and English: one catalogue.

Notifications are stored as a message id and its parameters and rendered from here
in the reader's language when they are read or pushed (server/push/messages.py);
the statistics' CSV headings come from here too. Keys are ``area.name``.
"""
from __future__ import annotations

DEFAULT_LANGUAGE = "sv"

CATALOGUE: dict[str, dict[str, str]] = {
    "sv": {
        # Notifications: a title and a body per kind.
        "notification.acknowledged.title": "Din idé är mottagen",
        "notification.acknowledged.body": "{actor} har tagit emot ”{idea}”.",
        "notification.status_changed.title": "Din idé: {status}",
        "notification.status_changed.body": "{actor} har ändrat ”{idea}” till {status}.",
        "notification.commented.title": "Ny kommentar på din idé",
        "notification.commented.body": "{author} om ”{idea}”: {comment}",
        "notification.new_idea.title": "Ny idé i {unit}",
        "notification.new_idea.body": "{idea}",
        "notification.voted_implemented.title": "En idé du röstat på är genomförd",
        "notification.voted_implemented.body": "”{idea}” är genomförd.",
        "notification.merged.title": "Din idé är sammanslagen",
        "notification.merged.body": "{actor} har slagit ihop ”{idea}” med ”{into}”. Rösterna räknas där.",
        # Told to those who follow an idea (server/ideas/watching.py).
        "notification.watched_status_changed.title": "En idé du följer: {status}",
        "notification.watched_status_changed.body": "{actor} har ändrat ”{idea}” till {status}.",
        "notification.watched_commented.title": "Ny kommentar på en idé du följer",
        "notification.watched_commented.body": "{author} om ”{idea}”: {comment}",
        "notification.note": "{text}\n”{note}”",
        # Moderation: a report to the handlers, without the reported words.
        "notification.reported.title": "Rapporterad {item}: {reason}",
        "notification.reported.body": "En rapporterad {item} i {unit} väntar på granskning.",
        "notification.reason.client_data": "uppgifter om en brukare",
        "notification.reason.offensive": "kränkande",
        "notification.reason.other": "annat",
        "notification.item.idea": "idé",
        "notification.item.comment": "kommentar",
        # Assignment and follow-up: a new assignee, and the handlers' weekly digest.
        "notification.assigned.title": "Du är ansvarig för en idé",
        "notification.assigned.body": "{actor} har gett dig ansvaret för att genomföra ”{idea}”.",
        "notification.due": "{text} Klart senast {due}.",
        "notification.digest.title": "Veckans idéer att ta hand om",
        "notification.digest.body": "Nya idéer som väntar på första svar: {waiting}. Försenade idéer: {overdue}.",
        "notification.someone": "En handläggare",
        "notification.submitter": "Idéns förslagsställare",
        "notification.status.submitted": "Inlämnad",
        "notification.status.acknowledged": "Mottagen",
        "notification.status.in_review": "Utreds",
        "notification.status.approved": "Ska genomföras",
        "notification.status.implemented": "Genomförd",
        "notification.status.declined": "Genomförs inte",
        "notification.status.merged": "Sammanslagen",
        # The statistics as CSV.
        "csv.unit": "Enhet",
        "csv.year": "År",
        "csv.submitted": "Inlämnade idéer",
        "csv.headcount": "Antal anställda",
        "csv.per_employee": "Idéer per anställd",
        "csv.target_per_employee": "Mål per anställd",
        "csv.target_ideas": "Mål antal idéer",
        "csv.implemented": "Genomförda",
        "csv.declined": "Genomförs inte",
        "csv.implemented_share": "Andel genomförda av beslutade (%)",
        "csv.median_hours_to_acknowledge": "Median timmar till första svar",
        "csv.acknowledged_within_7_days_share": "Andel besvarade inom 7 dagar (%)",
        "csv.participants": "Antal som lämnat idéer",
        "csv.participation": "Deltagande (%)",
        "csv.month": "Månad",
        "csv.monthly_submitted": "Inlämnade",
        "csv.monthly_implemented": "Genomförda",
        "csv.filename": "statistik",
        "csv.category": "Kategori",
        "csv.no_category": "Utan kategori",
        "csv.implemented_by_due_date_share": "Andel genomförda i tid (%)",
        "csv.overdue": "Försenade nu",
    },
    "en": {
        # Notifications: a title and a body per kind.
        "notification.acknowledged.title": "Your idea has been received",
        "notification.acknowledged.body": "{actor} has received “{idea}”.",
        "notification.status_changed.title": "Your idea: {status}",
        "notification.status_changed.body": "{actor} has moved “{idea}” to {status}.",
        "notification.commented.title": "New comment on your idea",
        "notification.commented.body": "{author} on “{idea}”: {comment}",
        "notification.new_idea.title": "New idea in {unit}",
        "notification.new_idea.body": "{idea}",
        "notification.voted_implemented.title": "An idea you voted for is done",
        "notification.voted_implemented.body": "“{idea}” has been done.",
        "notification.merged.title": "Your idea has been merged",
        "notification.merged.body": "{actor} has merged “{idea}” into “{into}”. Its votes count there.",
        # Told to those who follow an idea (server/ideas/watching.py).
        "notification.watched_status_changed.title": "An idea you follow: {status}",
        "notification.watched_status_changed.body": "{actor} has moved “{idea}” to {status}.",
        "notification.watched_commented.title": "New comment on an idea you follow",
        "notification.watched_commented.body": "{author} on “{idea}”: {comment}",
        "notification.note": "{text}\n“{note}”",
        # Moderation: a report to the handlers, without the reported words.
        "notification.reported.title": "Reported {item}: {reason}",
        "notification.reported.body": "A reported {item} in {unit} is waiting for review.",
        "notification.reason.client_data": "information about a client",
        "notification.reason.offensive": "offensive",
        "notification.reason.other": "other",
        "notification.item.idea": "idea",
        "notification.item.comment": "comment",
        # Assignment and follow-up: a new assignee, and the handlers' weekly digest.
        "notification.assigned.title": "You are responsible for an idea",
        "notification.assigned.body": "{actor} has made you responsible for carrying out “{idea}”.",
        "notification.due": "{text} Due by {due}.",
        "notification.digest.title": "This week's ideas to take care of",
        "notification.digest.body": "New ideas waiting for a first answer: {waiting}. Overdue ideas: {overdue}.",
        "notification.someone": "A handler",
        "notification.submitter": "The idea's submitter",
        "notification.status.submitted": "Submitted",
        "notification.status.acknowledged": "Received",
        "notification.status.in_review": "Under review",
        "notification.status.approved": "Will be done",
        "notification.status.implemented": "Done",
        "notification.status.declined": "Declined",
        "notification.status.merged": "Merged",
        # The statistics as CSV.
        "csv.unit": "Unit",
        "csv.year": "Year",
        "csv.submitted": "Ideas submitted",
        "csv.headcount": "Employees",
        "csv.per_employee": "Ideas per employee",
        "csv.target_per_employee": "Target per employee",
        "csv.target_ideas": "Target ideas",
        "csv.implemented": "Implemented",
        "csv.declined": "Declined",
        "csv.implemented_share": "Implemented share of decided (%)",
        "csv.median_hours_to_acknowledge": "Median hours to first response",
        "csv.acknowledged_within_7_days_share": "Answered within 7 days (%)",
        "csv.participants": "People who submitted",
        "csv.participation": "Participation (%)",
        "csv.month": "Month",
        "csv.monthly_submitted": "Submitted",
        "csv.monthly_implemented": "Implemented",
        "csv.filename": "statistics",
        "csv.category": "Category",
        "csv.no_category": "No category",
        "csv.implemented_by_due_date_share": "Implemented by the due date (%)",
        "csv.overdue": "Overdue now",
    },
}


def catalogue(language: str | None) -> dict[str, str]:
    """Return the texts of ``language``, or Swedish when it has none."""
    return CATALOGUE.get(language or DEFAULT_LANGUAGE, CATALOGUE[DEFAULT_LANGUAGE])


def section(language: str | None, area: str) -> dict[str, str]:
    """Return the texts of one area (``csv``) in ``language``, keyed without the area."""
    prefix = area + "."
    return {key[len(prefix):]: value for key, value in catalogue(language).items()
            if key.startswith(prefix)}
