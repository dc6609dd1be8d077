"""Sending e-mails from template trios; imports no app of the project.

Each mail is `templates/emails/<name>-subject.txt`, `<name>-body.txt` and
`<name>-body.html`, rendered in the recipient's language. Subject and text body
are plain text and rendered without HTML escaping (a name like `Müller & "Söhne"`
stays as it is); only the HTML part is escaped. Mails to many people (invitations,
reminders, report notices, digests) go through `send_batch`: one connection for all
of them, and one failing recipient is logged while the others still get theirs.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

K = TypeVar("K")


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered with autoescaping off, for mail subjects and
    bodies: HTML entities (&quot;, &#x27;) have no place in them."""
    template = get_template(template_name).template  # the Django engine's own template
    return template.render(Context(context, autoescape=False))


def one_line(text: str) -> str:
    """Collapse every kind of whitespace, line breaks included, into single spaces:
    a subject is one header line, so no text can add headers of its own."""
    return " ".join(text.split())


def send_templated_mail(
    *,
    name: str,
    to: str,
    context: dict,
    language: str | None = None,
    calendar: tuple[bytes, str] | None = None,
    connection=None,
) -> None:
    """Send one mail, over `connection` if given (see `send_batch`), else over a
    connection of its own. `calendar` is an iCalendar file and its METHOD (REQUEST,
    CANCEL): it goes both into the message as a text/calendar part, which Outlook and
    Gmail read as an invitation, and as an .ics attachment for every other client."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = one_line(render_text(f"emails/{name}-subject.txt", context))
        text = render_text(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], connection=connection)
    message.attach_alternative(html, "text/html")
    if calendar is not None:
        ics, method = calendar
        message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
        message.attach("einladung.ics", ics, "application/ics")
    message.send()


@dataclass(frozen=True)
class Mail:
    """One mail of a batch: the arguments of `send_templated_mail`."""

    name: str
    to: str
    context: dict
    language: str | None = None
    calendar: tuple[bytes, str] | None = None


def send_batch(mails: Iterable[tuple[K, Mail]]) -> list[K]:
    """Send each `(key, mail)` over one connection and return the keys of the mails
    that went out, in order. A mail that fails is logged and the others still go;
    the connection is opened afresh after a failure, in case the server dropped it.
    Callers record what was sent (who was invited, who got a digest) from the keys,
    so a failed mail leaves no record."""
    sent: list[K] = []
    connection = get_connection()
    opened = False
    try:
        for key, mail in mails:
            try:
                if not opened:
                    connection.open()
                    opened = True
                send_templated_mail(
                    name=mail.name,
                    to=mail.to,
                    context=mail.context,
                    language=mail.language,
                    calendar=mail.calendar,
                    connection=connection,
                )
            except Exception:
                logger.exception("Mail %s to %s failed", mail.name, mail.to)
                connection.close()
                opened = False
                continue
            sent.append(key)
    finally:
        connection.close()
    return sent
