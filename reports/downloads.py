"""Handing out an issued report's PDF, and recording who downloaded it."""

import datetime
import hashlib
import secrets
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import PermissionDenied

from reports.access import reads_finances
from reports.jobs import PDF_FIELDS, PdfState, pdf_state
from reports.models import Report, ReportDownload
from reports.rendering import read_pdf


class ReportNotReady(Exception):
    """The report's PDF is not made yet (queued, being made, or failed)."""

    def __init__(self, state: PdfState):
        super().__init__(state)
        self.state = state


# A report's PDF link on a page carries a signed mark for the person it was shown to;
# only following such a link records a download (below).
DOWNLOAD_LINK_SALT = "portal.report-download"


DOWNLOAD_LINK_MAX_AGE = datetime.timedelta(days=7)


def download_link(*, report: Report, user) -> str:
    """The address of the report's PDF as a page shows it to `user`: with a signed mark
    (report, person, a random number) that records one download when that person
    follows it. The bare address serves the same file and records nothing, so an
    image or a link someone else planted never writes a download in another's name."""
    if not user.is_authenticated:
        return report.pdf_url()
    mark = signing.dumps([report.pk, user.pk, secrets.token_hex(8)], salt=DOWNLOAD_LINK_SALT)
    return f"{report.pdf_url()}?{urlencode({'abruf': mark})}"


def _link_number(mark: str, *, report: Report, user) -> str | None:
    """The random number of a valid mark for this report and person, else None."""
    try:
        report_id, user_id, number = signing.loads(
            mark, salt=DOWNLOAD_LINK_SALT, max_age=DOWNLOAD_LINK_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return number if (report_id, user_id) == (report.pk, user.pk) else None


def download_report(*, report: Report, user, link: str = "") -> bytes:
    """The issued report's PDF for a person who sees its network: with the chapter on
    the finances for those who read them, without it for the other members
    (reports.access.reads_finances). Followed through the person's own link (`link`,
    the mark of download_link), it records the download (who, when, the SHA-256 of the
    bytes handed out, so which of the two files) once per link: a reload or a second
    tab of the same link is not a second download. Raises ReportNotReady until the
    worker has made it: the request never renders it."""
    if not Report.objects.for_user(user).filter(pk=report.pk).exists():
        raise PermissionDenied
    report.refresh_from_db(fields=["pdf_task_id", *PDF_FIELDS])
    with_finances = reads_finances(user, report)
    field, _checksum = report.pdf_fields(with_finances=with_finances)
    if not getattr(report, field):
        raise ReportNotReady(pdf_state(report))
    pdf = read_pdf(report, with_finances=with_finances)
    number = _link_number(link, report=report, user=user) if link else None
    if number is not None:
        ReportDownload.objects.get_or_create(
            report=report, user=user, link=number,
            defaults={"user_name": user.get_full_name() or user.email,
                      "sha256": hashlib.sha256(pdf).hexdigest()},
        )  # fmt: skip
    return pdf


def pdf_checksum(*, report: Report, user, with_finances: bool | None = None) -> str:
    """The SHA-256 of the PDF the person gets (download_report), as their page shows
    it; empty while it is not made. `with_finances`: whether they read the finances
    (reads_finances), where the page knows it already."""
    if with_finances is None:
        with_finances = reads_finances(user, report)
    _field, checksum = report.pdf_fields(with_finances=with_finances)
    return getattr(report, checksum)
