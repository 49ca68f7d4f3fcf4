"""What the subscriber export contains: its columns and one row of text per active subscriber.

The CSV/XLSX files themselves are written by ``practice_blog.core.spreadsheets`` (formula-safe)."""

from .models import Subscriber

COLUMNS = [
    "Email address",
    "First name",
    "Signed up",
    "Confirmed",
    "Signed up on page",
    "Consent version",
    "Ticked consent box",
]


def text_cell(value):
    """Every cell is text (formula-like text is neutralised by the writer)."""
    return "" if value is None else str(value)


def active_subscribers():
    """Active subscribers, oldest first, with what each row needs in one query."""
    return (
        Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
        .select_related("source_page")
        .order_by("confirmed_at", "pk")
    )


def rows(subscribers):
    """One list of text cells per subscriber, in :data:`COLUMNS` order."""
    for subscriber in subscribers:
        yield [
            text_cell(value)
            for value in (
                subscriber.email,
                subscriber.first_name,
                subscriber.signed_up_at.isoformat(timespec="seconds"),
                subscriber.confirmed_at.isoformat(timespec="seconds")
                if subscriber.confirmed_at
                else "",
                subscriber.source_page.title if subscriber.source_page else "",
                subscriber.consent_text_id,
                "yes" if subscriber.consent_ticked else "no",
            )
        ]
