"""Sending e-mails from template trios; imports no app of the project.

Each mail is `templates/emails/<name>-subject.txt`, `<name>-body.txt` and
`<name>-body.html`, rendered in the recipient's language.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    *,
    name: str,
    to: str,
    context: dict,
    language: str | None = None,
    calendar: tuple[bytes, str] | None = None,
) -> None:
    """Send one mail. `calendar` is an iCalendar file and its METHOD (REQUEST, CANCEL):
    it goes both into the message as a text/calendar part, which Outlook and Gmail
    read as an invitation, and as an .ics attachment for every other client."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    if calendar is not None:
        ics, method = calendar
        message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
        message.attach("einladung.ics", ics, "application/ics")
    message.send()
