"""The finances pages of a network: the overview, the grant and the financing plan,
the receipts and the call-offs. Who sees what: finances/access.py (outsiders 404, the
funder reads and gets 403 on every write)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from finances import services
from finances.access import get_finances_for, get_finances_to_edit
from finances.figures import overview
from finances.forms import CallOffForm, GrantForm, NewCallOffForm, PlanForm, ReceiptForm
from finances.models import CallOff, Grant, Receipt
from finances.plan_versions import version_table
from lib.conflicts import EditConflict, conflict_response
from lib.intents import AlreadyDone
from lib.uploads import document_response
from networks.models import Network

RECEIPTS_PER_PAGE = 100  # as the admin's changelist (list_per_page)


def _grant_of(network) -> Grant | None:
    try:
        return network.grant
    except Grant.DoesNotExist:
        return None


def _grant_or_404(network) -> Grant:
    grant = _grant_of(network)
    if grant is None:
        raise Http404
    return grant


def _report(form, error: ValidationError) -> None:
    """What a service found, on the form's fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def finances(request, slug: str):
    network, can_edit = get_finances_for(request.user, slug)
    grant = _grant_of(network)
    context = {
        "network": network,
        "can_edit": can_edit,
        "grant": grant,
        "sees_network": Network.objects.for_user(request.user).filter(pk=network.pk).exists(),
    }
    if grant is not None:
        context |= overview(grant, today=timezone.localdate())
        context["plan_changes"] = list(
            grant.plan_changes.select_related("recorded_by").defer("plan")[:5]
        )
    return render(request, "finances/overview.html", context)


def _edit(request, form, context: dict, *, template: str, save, saved: str, then):
    """The edit page of one versioned row: on a valid post `save(instance, base_version)`
    (a service), the current state on an edit conflict (409), the service's own
    refusals on the form (422), or `saved` and a redirect to `then`."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance, form.cleaned_data.get("version"))
        except EditConflict as conflict:
            return conflict_response(request, template, context, form=form, conflict=conflict)
        except ValidationError as error:
            _report(form, error)
        else:
            messages.success(request, saved)
            return then
    return render(request, template, context, status=422 if request.method == "POST" else 200)


@login_required
def grant_edit(request, slug: str):
    network = get_finances_to_edit(request.user, slug)
    grant = _grant_of(network) or Grant(
        network=network, period_start=network.term_start, period_end=network.term_end
    )
    form = GrantForm(request.POST or None, instance=grant)
    return _edit(
        request, form, {"network": network, "grant": grant, "form": form},
        template="finances/grant_form.html",
        save=lambda instance, version: services.save_grant(
            grant=instance, user=request.user, base_version=version),
        saved=_("Die Zuwendung ist gespeichert."),
        then=redirect("finances", slug=network.slug),
    )  # fmt: skip


@login_required
def plan_edit(request, slug: str):
    network = get_finances_to_edit(request.user, slug)
    grant = _grant_or_404(network)
    form = PlanForm(request.POST or None, grant=grant)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.save_plan(grant=grant, user=request.user, **form.plan())
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(request, _("Der Finanzierungsplan ist gespeichert."))
                return redirect("finances", slug=network.slug)
    context = {"network": network, "grant": grant, "form": form}
    return render(request, "finances/plan_form.html", context, status=status)


@login_required
@require_GET
def plan_versions(request, slug: str):
    """The financing plan's versions: number, date, reason, who recorded it."""
    network, can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    versions = list(grant.plan_changes.select_related("recorded_by").order_by("-number"))
    context = {"network": network, "grant": grant, "can_edit": can_edit, "versions": versions}
    return render(request, "finances/plan_versions.html", context)


@login_required
@require_GET
def plan_version(request, slug: str, number: int):
    """One version of the plan as a table, its changes against the version before."""
    network, _can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    change = get_object_or_404(grant.plan_changes.select_related("recorded_by"), number=number)
    previous = grant.plan_changes.filter(number__lt=number).order_by("-number").first()
    following = grant.plan_changes.filter(number__gt=number).order_by("number").first()
    context = {"network": network, "grant": grant, "change": change, "previous": previous,
               "following": following, **version_table(change, previous)}  # fmt: skip
    return render(request, "finances/plan_version.html", context)


@login_required
@require_GET
def receipts(request, slug: str):
    network, can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    rows = grant.receipts.select_related("budget_line").order_by("-payment_date", "-number")
    page = Paginator(rows, RECEIPTS_PER_PAGE).get_page(request.GET.get("seite"))
    context = {"network": network, "grant": grant, "can_edit": can_edit, "page": page}
    return render(request, "finances/receipts.html", context)


@login_required
def receipt_new(request, slug: str):
    network = get_finances_to_edit(request.user, slug)
    grant = _grant_or_404(network)
    receipt = Receipt(grant=grant)
    if request.method != "POST":
        receipt.number = services.next_receipt_number(grant)
    return _receipt_form(request, network, grant, receipt)


@login_required
def receipt_edit(request, slug: str, pk: int):
    network, can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    receipt = get_object_or_404(grant.receipts, pk=pk)
    if request.method == "POST" and not can_edit:
        get_finances_to_edit(request.user, slug)  # 403
    return _receipt_form(request, network, grant, receipt, can_edit=can_edit)


def _receipt_form(request, network, grant, receipt, *, can_edit: bool = True):
    form = ReceiptForm(request.POST or None, request.FILES or None, instance=receipt, grant=grant)
    context = {"network": network, "grant": grant, "receipt": receipt, "form": form,
               "can_edit": can_edit}  # fmt: skip
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.save_receipt(
                    receipt=form.instance,
                    user=request.user,
                    invoice=form.cleaned_data.get("invoice_upload"),
                    payment_proof=form.cleaned_data.get("payment_proof_upload"),
                    base_version=form.cleaned_data.get("version"),
                )
            except EditConflict as conflict:
                return conflict_response(
                    request, "finances/receipt_form.html", context, form=form, conflict=conflict
                )
            except ValidationError as error:
                _report_receipt(form, error)
            else:
                messages.success(
                    request, _("Beleg %(number)s ist gespeichert.") % {"number": receipt.number}
                )
                return redirect("receipts", slug=network.slug)
    return render(request, "finances/receipt_form.html", context, status=status)


def _report_receipt(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        uploads = {"invoice": "invoice_upload", "payment_proof": "payment_proof_upload"}
        error = ValidationError(
            {uploads.get(field, field): errors for field, errors in error.error_dict.items()}
        )
    _report(form, error)


@login_required
@require_GET
def receipt_document(request, slug: str, pk: int, which: str):
    """A receipt's invoice or proof of payment, for those who read the finances."""
    network, _can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    field = {"rechnung": "invoice", "zahlung": "payment_proof"}.get(which)
    if field is None:
        raise Http404
    receipt = get_object_or_404(grant.receipts.exclude(**{field: ""}), pk=pk)
    return document_response(
        getattr(receipt, field),
        name=getattr(receipt, f"{field}_name"),
        content_type=getattr(receipt, f"{field}_content_type"),
    )


@login_required
def call_offs(request, slug: str):
    """GET: the call-offs; POST: a new one (those who keep the finances)."""
    if request.method == "POST":
        network, can_edit = get_finances_to_edit(request.user, slug), True
    else:
        network, can_edit = get_finances_for(request.user, slug)
    grant = _grant_or_404(network)
    form = NewCallOffForm(request.POST or None, instance=CallOff(grant=grant)) if can_edit else None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.save_call_off(
                    call_off=form.instance, user=request.user, intent=form.cleaned_data["intent"]
                )
            except AlreadyDone:
                messages.info(
                    request,
                    _("Dieser Mittelabruf ist schon gespeichert; das Formular wurde zweimal "
                      "abgeschickt. Er steht nur einmal in der Liste."),
                )  # fmt: skip
                return redirect("call_offs", slug=network.slug)
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(request, _("Der Mittelabruf ist gespeichert."))
                return redirect("call_offs", slug=network.slug)
    context = {"network": network, "grant": grant, "can_edit": can_edit, "form": form,
               "call_offs": list(grant.call_offs.all())}  # fmt: skip
    return render(request, "finances/call_offs.html", context, status=status)


@login_required
def call_off_edit(request, slug: str, pk: int):
    network = get_finances_to_edit(request.user, slug)
    grant = _grant_or_404(network)
    call_off = get_object_or_404(grant.call_offs, pk=pk)
    form = CallOffForm(request.POST or None, instance=call_off)
    return _edit(
        request, form, {"network": network, "grant": grant, "call_off": call_off, "form": form},
        template="finances/call_off_form.html",
        save=lambda instance, version: services.save_call_off(
            call_off=instance, user=request.user, base_version=version),
        saved=_("Der Mittelabruf ist gespeichert."),
        then=redirect("call_offs", slug=network.slug),
    )  # fmt: skip
