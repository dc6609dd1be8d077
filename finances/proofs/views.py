"""The proofs of a network's finances: the list with their files (the coordination,
its finance people and the funder read it), and the page that issues one (those who
keep the finances; 403 for the funder, 404 for everybody else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from finances.access import get_finances_for, get_finances_to_edit
from finances.checks import ERROR
from finances.models import Grant, Proof
from finances.proofs import issuing
from finances.proofs.figures import findings_of, proof_figures, read_scope
from finances.proofs.forms import ProofForm
from lib.confirm import Question, ask_first
from lib.uploads import XLSX, document_response
from networks.models import Network

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX, "belegliste": XLSX}


def _grant_or_404(network) -> Grant:
    grant = Grant.objects.filter(network=network).select_related("network").first()
    if grant is None:
        raise Http404
    return grant


def target_slug(kind: str, year: int | None) -> str:
    return f"zwischen-{year}" if kind == Proof.Kind.INTERIM else "verwendung"


def _target(grant: Grant, slug: str) -> tuple[str, int | None]:
    for kind, year in issuing.proof_targets(grant):
        if target_slug(kind, year) == slug:
            return kind, year
    raise Http404


def _label(kind: str, year: int | None) -> str:
    if kind == Proof.Kind.INTERIM:
        return _("Zwischennachweis %(year)s erstellen") % {"year": year}
    return _("Verwendungsnachweis erstellen")


@login_required
@require_GET
def proofs(request, slug: str):
    network, can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    issued = sorted(
        grant.proofs.all(), key=lambda p: (p.kind != Proof.Kind.INTERIM, p.year or 0, -p.version)
    )
    today = timezone.localdate()
    targets = [
        {"label": _label(kind, year), "slug": target_slug(kind, year),
         "why_not": issuing.why_not(grant, kind=kind, year=year, today=today),
         "issued": sum(1 for p in issued if (p.kind, p.year) == (kind, year))}
        for kind, year in issuing.proof_targets(grant)
    ]  # fmt: skip
    context = {"network": network, "grant": grant, "can_edit": can_edit, "proofs": issued,
               "targets": targets}  # fmt: skip
    return render(request, "finances/proofs.html", context)


def issue_question(network: Network, kind: str, year: int | None) -> Question:
    funders = issuing.funders_to_notify(network).count()
    title = _("Zwischennachweis %(year)s ausstellen?") % {"year": year}
    if kind == Proof.Kind.FINAL:
        title = _("Verwendungsnachweis ausstellen?")
    consequence = ngettext(
        "Die Zahlen werden eingefroren; %(count)s Person des Fördermittelgebers wird "
        "benachrichtigt. Eine Korrektur ist nur als neue Fassung möglich.",
        "Die Zahlen werden eingefroren; %(count)s Personen des Fördermittelgebers werden "
        "benachrichtigt. Eine Korrektur ist nur als neue Fassung möglich.",
        funders,
    ) % {"count": funders}
    return Question(title=title, consequence=consequence, confirm=_("Ja, ausstellen"))


def _listed(proof: Proof) -> str:
    return reverse("proofs", args=[proof.grant.network.slug]) + f"#nachweis-{proof.pk}"


def _issue(request, form: ProofForm, grant: Grant, kind: str, year: int | None):
    """Issue from a valid form: the response, or None with the service's refusal on
    the form."""
    question = issue_question(grant.network, kind, year)
    if page := ask_first(request, question, back_url=request.path):
        return page
    try:
        proof = issuing.issue_proof(
            grant=grant, kind=kind, year=year, user=request.user,
            confirmations=form.confirmations(), token=form.cleaned_data["intent"],
            language=form.cleaned_data["language"],
        )  # fmt: skip
    except ValidationError as error:
        form.add_error(None, error)
        return None
    except issuing.AlreadyIssued as repeat:
        messages.info(request, _(
            "Dieser Nachweis ist bereits ausgestellt; das Formular wurde zweimal "
            "abgeschickt. Die Fördermittelgeber sind nur einmal benachrichtigt."
        ))  # fmt: skip
        return redirect(_listed(repeat.proof))
    messages.success(request, _(
        "%(proof)s ist ausgestellt; die Fördermittelgeber des Netzwerks sind benachrichtigt."
    ) % {"proof": proof.title()})  # fmt: skip
    return redirect(_listed(proof))


@login_required
def proof_new(request, slug: str, target: str):
    """The findings, a comment for each warning and a preview of the figures; POST
    issues the proof (those who keep the finances)."""
    network = get_finances_to_edit(request.user, slug)
    grant = _grant_or_404(network)
    kind, year = _target(grant, target)
    today = timezone.localdate()
    scope = read_scope(grant, kind=kind, year=year)
    findings = findings_of(scope, today=today)
    form = ProofForm(request.POST or None, warnings=issuing.identified(findings))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and (response := _issue(request, form, grant, kind, year)):
            return response
    figures = proof_figures(scope, kind=kind, year=year)
    context = {
        "network": network, "grant": grant, "form": form, "kind": kind, "year": year,
        "title": _label(kind, year),
        "why_not": issuing.why_not(grant, kind=kind, year=year, today=today),
        "errors": [f for f in findings if f.level == ERROR], "figures": figures,
        "expenses": figures.expenses, "income_total": figures.income_total,
        "question": issue_question(network, kind, year),
    }  # fmt: skip
    return render(request, "finances/proof_form.html", context, status=status)


@login_required
@require_GET
def proof_file(request, slug: str, pk: int, which: str):
    """A proof's PDF, workbook or Belegliste, for those who read the finances."""
    network, _can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    if which not in Proof.FILES:
        raise Http404
    proof = get_object_or_404(grant.proofs, pk=pk)
    if which == "pdf":
        proof = issuing.proof_pdf(proof)
    return document_response(
        getattr(proof, which), name=proof.file_name(which), content_type=CONTENT_TYPES[which]
    )
