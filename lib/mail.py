"""Sending e-mails from template trios, through the background worker; imports no app
of the project.

Each mail is `templates/emails/<name>-subject.txt`, `<name>-body.txt` and
`<name>-body.html`, rendered in the recipient's language. Subject and text body
are plain text and rendered without HTML escaping (a name like `Müller & "Söhne"`
stays as it is); only the HTML part is escaped.

Every mail of the portal goes through `queue_mails`: the mails are rendered at once
(so they say what was true when they were written) and queued as one job in the
database, in the caller's transaction, so a change that is rolled back sends nothing.
The worker (`manage.py db_worker`) sends a job's mails over one connection. A mail the
server refuses or cannot take is logged and tried again in a later job, after
`RETRY_DELAYS`; after the last attempt it is logged as an error and its job is kept
as failed, with the addresses, in the admin's task results. Nothing is lost silently.

A job keeps in clear only what is no secret: each mail's name, recipient, key and
attachments' storage names. Subject, text, HTML and calendar, where password-reset,
address-confirmation and invitation links stand, are sealed with Fernet under a key
derived from SECRET_KEY (any of SECRET_KEY_FALLBACKS opens them too, so a rotated key
still opens the jobs queued before) and opened by the worker just before it sends;
a retry is queued sealed as it came. The admin's task results, a database dump or a
look into the table show no working link, and neither the job's result nor its error
names more than addresses.

A caller that keeps a record of what went out (who was invited when, who got a
digest) names a *recorder*: a function marked with `@mail_recorder`, called in the
worker with the keys of the mails sent and of those given up, in one transaction
with the queueing of the retries.

Callers write one mail to each of several people with `queue_mail_to_each`, which
writes each in `recipient_language`: the person's own language where the portal
speaks it, else the portal's first. Dates in a mail are formatted in its template
(`{{ day|date:"SHORT_DATE_FORMAT" }}`), so each person reads them as their language
writes them: 31.01.2030 in German, 01/31/2030 in English.
"""

import base64
import datetime
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds to wait before the 2nd, 3rd, … attempt at a mail; after the last, give up.
RETRY_DELAYS = (60, 10 * 60, 60 * 60, 6 * 60 * 60)

Key = int | str

# What of a mail the job keeps sealed; the rest (name, to, key, attachments) is in clear.
SEALED = ("subject", "text", "html", "calendar")
SEAL_PURPOSE = "lib.mail.seal"

Recipient = TypeVar("Recipient")


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered with autoescaping off, for mail subjects and
    bodies: HTML entities (&quot;, &#x27;) have no place in them."""
    template = get_template(template_name).template  # the Django engine's own template
    return template.render(Context(context, autoescape=False))


def one_line(text: str) -> str:
    """Collapse every kind of whitespace, line breaks included, into single spaces:
    a subject is one header line, so no text can add headers of its own."""
    return " ".join(text.split())


def _spoken_language(code: str | None) -> str:
    """`code` where the portal speaks it (settings.LANGUAGES), else the portal's first
    language (settings.LANGUAGE_CODE): the one fallback of every mail."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipient_language(person: Any) -> str:
    """The language to write to `person` in: a person with an account (anything with a
    `language`) in their own, where the portal speaks it; an address without an
    account (None) in the portal's first."""
    return _spoken_language(getattr(person, "language", None))


@dataclass(frozen=True)
class Mail:
    """One mail to write. `calendar` is an iCalendar file and its METHOD (REQUEST,
    CANCEL): it goes both into the message as a text/calendar part, which Outlook and
    Gmail read as an invitation, and as an .ics attachment for every other client.
    `attachments` are files in the default storage, (file name, content type, storage
    name): the job keeps their names, not their bytes, and the worker reads them when
    it sends (a minutes PDF for 30 people is stored once, not 30 times in the queue)."""

    name: str
    to: str
    context: dict
    language: str | None = None
    calendar: tuple[bytes, str] | None = None
    attachments: tuple[tuple[str, str, str], ...] = ()


def render_mail(mail: Mail) -> dict:
    """The mail as it will go out, as plain data the job can keep: name, to, subject,
    text, html and calendar ([ics, method] or None)."""
    with translation.override(_spoken_language(mail.language)):
        subject = one_line(render_text(f"emails/{mail.name}-subject.txt", mail.context))
        text = render_text(f"emails/{mail.name}-body.txt", mail.context)
        html = render_to_string(f"emails/{mail.name}-body.html", mail.context)
    calendar = None
    if mail.calendar is not None:
        ics, method = mail.calendar
        calendar = [ics.decode(), method]
    return {
        "name": mail.name,
        "to": mail.to,
        "subject": subject,
        "text": text,
        "html": html,
        "calendar": calendar,
        "attachments": [list(attachment) for attachment in mail.attachments],
    }


def _fernet() -> MultiFernet:
    """Seals with a key derived from SECRET_KEY; opens with that or one derived from
    any of SECRET_KEY_FALLBACKS."""
    keys = [
        base64.urlsafe_b64encode(
            salted_hmac(SEAL_PURPOSE, "", secret=secret, algorithm="sha256").digest()
        )
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]
    return MultiFernet([Fernet(key) for key in keys])


def seal(data: dict) -> dict:
    """A rendered mail as the job keeps it: its content in one sealed token."""
    content = json.dumps({field: data[field] for field in SEALED})
    clear = {field: value for field, value in data.items() if field not in SEALED}
    return clear | {"sealed": _fernet().encrypt(content.encode()).decode()}


def _sealed(data: dict) -> dict:
    # A job queued before mails were sealed holds them open; its retry is sealed.
    return data if "sealed" in data else seal(data)


def open_sealed(data: dict) -> dict:
    """The mail as rendered, from a job's sealed form (or from a job queued before mails
    were sealed, as it is). InvalidToken if no key of the settings opens it."""
    if "sealed" not in data:
        return data
    content = json.loads(_fernet().decrypt(data["sealed"].encode()))
    return {field: value for field, value in data.items() if field != "sealed"} | content


def mail_recorder(function: Callable) -> Callable:
    """Mark `function(*, sent: list, gave_up: list)` as a recorder a mail job may call.
    Jobs name their recorder by its dotted path; only marked functions are called."""
    function.is_mail_recorder = True
    return function


def _recorder(path: str) -> Callable:
    function = import_string(path)
    if not getattr(function, "is_mail_recorder", False):
        raise ValueError(f"{path} is not a mail recorder")
    return function


def queue_mails(mails: Iterable[tuple[Key, Mail]], *, recorder: str | None = None) -> int:
    """Render each `(key, mail)` now and queue them as one job for the worker; returns
    how many were queued. Keys are what the recorder (a dotted path to a function
    marked `@mail_recorder`) is told about: ids, as the job keeps them as JSON."""
    if recorder is not None:
        _recorder(recorder)  # a wrong path fails here, in the caller, not in the worker
    messages = [seal({"key": key, **render_mail(mail)}) for key, mail in mails]
    if messages:
        send_mails.enqueue(messages, recorder=recorder, attempt=1)
    return len(messages)


def _itself(recipient: Any) -> Any:
    return recipient


def _pk(recipient: Any) -> Key:
    return recipient.pk


def queue_mail_to_each(
    recipients: Iterable[Recipient],
    name: str,
    context: Callable[[Recipient], dict],
    *,
    person: Callable[[Recipient], Any] = _itself,
    to: Callable[[Recipient], str] | None = None,
    key: Callable[[Recipient], Key] = _pk,
    calendar: Callable[[Recipient], tuple[bytes, str]] | None = None,
    attachments: Callable[[Recipient], tuple[tuple[str, str, str], ...]] | None = None,
    recorder: str | None = None,
) -> int:
    """Queue the mail `name` (a template trio) to each recipient, as one job (see
    `queue_mails`); returns how many were queued. Each is written with
    `context(recipient)` in the `recipient_language` of `person(recipient)`: the
    recipient itself by default, an invitee's or a membership's user, or None for an
    address without an account. It goes to `to(recipient)`, by default that person's
    address; `key(recipient)` (by default its pk) is what the recorder is told.
    `calendar` and `attachments`, where given, are each recipient's (see `Mail`)."""

    def mail(recipient: Recipient) -> Mail:
        whom = person(recipient)
        return Mail(
            name=name,
            to=to(recipient) if to is not None else whom.email,
            context=context(recipient),
            language=recipient_language(whom),
            calendar=calendar(recipient) if calendar is not None else None,
            attachments=attachments(recipient) if attachments is not None else (),
        )

    return queue_mails(
        ((key(recipient), mail(recipient)) for recipient in recipients), recorder=recorder
    )


def queue_message(message: EmailMessage, *, name: str) -> None:
    """Queue a mail another library wrote (allauth's password resets and address
    confirmations) like the portal's own: one job, sent and retried by the worker."""
    html = next(
        (
            body
            for body, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    messages = [
        seal({"key": None, "name": name, "to": to, "subject": message.subject,
              "text": message.body, "html": html, "calendar": None})
        for to in message.to
    ]  # fmt: skip
    send_mails.enqueue(messages, recorder=None, attempt=1)


def _message(data: dict, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"], body=data["text"], to=[data["to"]], connection=connection
    )
    if data["html"] is not None:
        message.attach_alternative(data["html"], "text/html")
    if data["calendar"] is not None:
        ics, method = data["calendar"]
        message.attach_alternative(ics, f"text/calendar; method={method}")
        message.attach("einladung.ics", ics.encode(), "application/ics")
    for file_name, content_type, stored in data.get("attachments") or []:
        with default_storage.open(stored, "rb") as file:
            message.attach(file_name, file.read(), content_type)
    return message


def deliver(messages: list[dict]) -> tuple[list[dict], list[dict]]:
    """Send rendered messages (sealed or not) over one connection; returns (sent,
    failed), each message as it was given. A failed message is logged and the others
    still go; the connection is opened afresh after a failure, in case the server
    dropped it. A message no key opens fails too: its retry waits for the key."""
    sent: list[dict] = []
    failed: list[dict] = []
    connection = get_connection()
    opened = False
    try:
        for data in messages:
            try:
                content = open_sealed(data)
            except InvalidToken:
                logger.error(
                    "Mail %s to %s cannot be opened: it was sealed under a SECRET_KEY that "
                    "is neither SECRET_KEY nor in SECRET_KEY_FALLBACKS now",
                    data["name"], data["to"],
                )  # fmt: skip
                failed.append(data)
                continue
            try:
                if not opened:
                    connection.open()
                    opened = True
                _message(content, connection).send()
            except Exception:
                logger.warning("Mail %s to %s failed", data["name"], data["to"], exc_info=True)
                connection.close()
                opened = False
                failed.append(data)
            else:
                sent.append(data)
    finally:
        connection.close()
    return sent, failed


class MailNotSent(Exception):
    """Mails given up after their last attempt; the job that raises it stays failed."""


@task()
def send_mails(messages: list[dict], recorder: str | None = None, attempt: int = 1) -> dict:
    """Send a job's mails (see `queue_mails`). Failed ones are queued again after the
    next of `RETRY_DELAYS`; after the last attempt they are given up, logged as an
    error, and the job fails with their addresses."""
    sent, failed = deliver(messages)
    retry = failed if attempt <= len(RETRY_DELAYS) else []
    gave_up = [] if retry else failed
    with transaction.atomic():
        if recorder is not None:
            _recorder(recorder)(
                sent=[data["key"] for data in sent], gave_up=[data["key"] for data in gave_up]
            )
        if retry:
            delay = datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1])
            send_mails.using(run_after=timezone.now() + delay).enqueue(
                [_sealed(data) for data in retry], recorder=recorder, attempt=attempt + 1
            )
    for data in retry:
        logger.warning(
            "Mail %s to %s is tried again in %s (attempt %s of %s)",
            data["name"], data["to"], delay, attempt + 1, len(RETRY_DELAYS) + 1,
        )  # fmt: skip
    for data in gave_up:
        logger.error("Mail %s to %s not sent after %s attempts", data["name"], data["to"], attempt)
    if gave_up:
        raise MailNotSent(", ".join(f"{data['name']} an {data['to']}" for data in gave_up))
    return {"sent": len(sent), "retried": len(retry)}
