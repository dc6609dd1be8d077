"""Issuing a proof: the coordination freezes the figures of a budget year (interim
proof) or of the whole approval period (final proof), confirms each warning of the
checks with a comment, and the network's funders are told.

A hard error of the checks (a payment outside the approval period, the grant above
its maximum) blocks issuing until it is corrected; a warning does not, once the
coordination has said in a comment why it stands. The documents are small (a few
pages, one table per sheet), so they are made in the request, inside the
transaction that saves the proof: a proof never exists without its files."""

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from finances import belegliste
from finances.access import require_finance_keeper
from finances.checks import ERROR, Finding
from finances.models import Grant, Proof
from finances.proofs.documents import render_proof_pdf, render_proof_xlsx
from finances.proofs.figures import ProofFigures, findings_of, proof_figures, read_scope
from lib.mail import queue_mail_to_each
from networks.models import Membership, Network, Role

COMMENT_MAX_CHARS = 1000


class AlreadyIssued(Exception):
    """The form with this one-time token has issued its proof already; nothing new
    was issued and nobody was mailed again."""

    def __init__(self, proof: Proof):
        super().__init__(proof)
        self.proof = proof


@dataclass(frozen=True)
class ProofWarning:
    """A finding of the checks as the issuing form shows it, with a steady id for its
    comment: the check's key, what it points at, and its place among the same."""

    id: str
    finding: Finding


def identified(findings: list[Finding]) -> list[ProofWarning]:
    seen: dict[tuple, int] = {}
    warnings = []
    for finding in findings:
        if finding.level == ERROR:
            continue
        place = (finding.key, finding.link)
        seen[place] = seen.get(place, 0) + 1
        digest = hashlib.sha256(f"{finding.key}|{finding.link}|{seen[place]}".encode())
        warnings.append(ProofWarning(id=digest.hexdigest()[:12], finding=finding))
    return warnings


def why_not(grant: Grant, *, kind: str, year: int | None, today: datetime.date) -> str | None:
    """Why this proof cannot be issued today, in German; None if it can."""
    end = formats.date_format(grant.period_end, "SHORT_DATE_FORMAT")
    if kind == Proof.Kind.FINAL:
        if grant.period_end >= today:
            return _(
                "Der Verwendungsnachweis ist erst nach dem Ende des Bewilligungszeitraums "
                "(%(end)s) möglich."
            ) % {"end": end}
        return None
    if year is None or year not in grant.years():
        return _("%(year)s ist kein Haushaltsjahr des Bewilligungszeitraums.") % {"year": year}
    if datetime.date(year, 12, 31) >= grant.period_end:
        return _(
            "Für %(year)s ist kein Zwischennachweis vorgesehen: Der Bewilligungszeitraum endet "
            "in diesem Jahr (%(end)s), der Verwendungsnachweis deckt es ab."
        ) % {"year": year, "end": end}
    if datetime.date(year, 12, 31) >= today:
        return _(
            "Der Zwischennachweis %(year)s ist erst nach dem Ende des Haushaltsjahres möglich."
        ) % {"year": year}
    return None


def proof_targets(grant: Grant) -> list[tuple[str, int | None]]:
    """Every proof the grant has: an interim proof for each budget year that ends
    before the approval period, and the final proof."""
    years = [y for y in grant.years() if datetime.date(y, 12, 31) < grant.period_end]
    return [(Proof.Kind.INTERIM, y) for y in years] + [(Proof.Kind.FINAL, None)]


def check_findings(findings: list[Finding], confirmations: dict[str, str]) -> list[dict]:
    """Raise ValidationError naming the errors (they block) or the warnings without a
    comment; else the confirmed warnings as the proof keeps them."""
    errors = [f for f in findings if f.level == ERROR]
    if errors:
        raise ValidationError(
            _(
                "Der Nachweis kann nicht ausgestellt werden, solange Fehler bestehen. Bitte "
                "zuerst korrigieren: %(errors)s"
            ) % {"errors": " ".join(f"{f.where}: {f.what}" for f in errors)},
            code="errors",
        )  # fmt: skip
    kept, missing, too_long = [], [], []
    for warning in identified(findings):
        comment = str(confirmations.get(warning.id) or "").strip()
        if not comment:
            missing.append(warning.finding.where)
        elif len(comment) > COMMENT_MAX_CHARS:
            too_long.append(warning.finding.where)
        f = warning.finding
        kept.append({"key": f.key, "text": f.what, "where": f.where, "comment": comment})
    if missing:
        raise ValidationError(
            _("Bitte jeden Hinweis mit einem Kommentar bestätigen; es fehlt einer zu: "
              "%(where)s.") % {"where": "; ".join(missing)},
            code="missing_comments",
        )  # fmt: skip
    if too_long:
        raise ValidationError(
            _("Ein Kommentar hat höchstens %(max)s Zeichen: %(where)s.")
            % {"max": COMMENT_MAX_CHARS, "where": "; ".join(too_long)},
            code="comment_too_long",
        )
    return kept


def issue_proof(
    *,
    grant: Grant,
    kind: str,
    year: int | None = None,
    user,
    confirmations: dict[str, str],
    token: uuid.UUID | None,
    language: str = "de",
    notify: bool = True,
    now: datetime.datetime | None = None,
    make_pdf: bool = True,
) -> Proof:
    """Check, freeze and issue the proof as a new version, with its PDF, workbook and
    Belegliste, and (with `notify`) mail the network's funders. `confirmations`: a
    comment per warning, by its id (`identified`). `token` is the issuing form's
    one-time token: a second call with it (a double click, two requests at once)
    raises AlreadyIssued with the proof the first one issued. `now`: the moment of
    issuing (the demo's past); without `make_pdf` the PDF is made from the frozen
    figures on its first download (`proof_pdf`)."""
    require_finance_keeper(user, grant.network_id)
    now = now or timezone.now()
    year = year if kind == Proof.Kind.INTERIM else None
    if reason := why_not(grant, kind=kind, year=year, today=timezone.localdate(now)):
        raise ValidationError(reason, code="not_yet")
    with transaction.atomic():
        # Locks the grant: two people issuing at once get versions 1 and 2, and the
        # same form sent twice finds the proof its first sending issued.
        grant = Grant.objects.select_for_update().select_related("network").get(pk=grant.pk)
        if token is not None and (issued := Proof.objects.filter(intent=token).first()):
            raise AlreadyIssued(issued)
        scope = read_scope(grant, kind=kind, year=year)
        with translation.override(language):
            kept = check_findings(findings_of(scope, today=timezone.localdate(now)), confirmations)
            figures = proof_figures(scope, kind=kind, year=year)
        proof = Proof(
            grant=grant, kind=kind, year=year, language=language,
            version=_next_version(grant, kind, year), figures=figures.to_json(),
            confirmations=kept, issued_at=now, issued_by=user,
            issued_by_name=user.get_full_name() or user.email, intent=token,
        )  # fmt: skip
        _attach_files(proof, until=scope.until, make_pdf=make_pdf)
        proof.full_clean()
        proof.save()
        if notify:
            notify_funders(proof)
    return proof


def _next_version(grant: Grant, kind: str, year: int | None) -> int:
    latest = Proof.objects.filter(grant=grant, kind=kind, year=year).aggregate(
        version=Max("version")
    )["version"]
    return (latest or 0) + 1


def _attach(proof: Proof, which: str, content: bytes) -> None:
    getattr(proof, which).save(proof.file_name(which), ContentFile(content), save=False)
    setattr(proof, f"{which}_sha256", hashlib.sha256(content).hexdigest())


def _attach_files(proof: Proof, *, until: datetime.date, make_pdf: bool) -> None:
    # Read back the way a stored proof is, so the first PDF and a later one agree.
    figures = ProofFigures.from_json(json.loads(json.dumps(proof.figures, cls=DjangoJSONEncoder)))
    with belegliste.xlsx_file(
        proof.grant, language=proof.language, until=until, as_of=proof.issued_at
    ) as file:
        _attach(proof, "belegliste", file.read())
    _attach(proof, "xlsx", render_proof_xlsx(proof, figures))
    if make_pdf:
        _attach(proof, "pdf", render_proof_pdf(proof, figures))


def proof_pdf(proof: Proof) -> Proof:
    """The proof with its PDF: made from its frozen figures the first time (outside
    any transaction, then kept); if two downloads race, the first one stored is kept."""
    if proof.pdf:
        return proof
    pdf = render_proof_pdf(proof, ProofFigures.from_json(proof.figures))
    with transaction.atomic():
        locked = Proof.objects.select_for_update().get(pk=proof.pk)
        if not locked.pdf:
            _attach(locked, "pdf", pdf)
            locked.save(update_fields=["pdf", "pdf_sha256"])
    return locked


def funders_to_notify(network: Network) -> QuerySet[Membership]:
    """The network's funders whom issuing a proof mails."""
    return (
        Membership.objects.filter(network=network, role=Role.FUNDER, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )


def notify_funders(proof: Proof) -> int:
    """Queue a mail to each of the network's funders that a proof is issued, each in
    their language. Returns how many were queued."""
    network = proof.grant.network
    people = funders_to_notify(network)
    link = settings.PORTAL_BASE_URL + proof.grant.proofs_url()
    return queue_mail_to_each(
        people,
        "proof-issued",
        lambda membership: {"proof": proof, "network": network, "link": link},
        person=lambda membership: membership.user,
        key=lambda membership: membership.user_id,
    )
