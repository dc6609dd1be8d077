"""Importing receipts from a spreadsheet into a network's grant: upload and check,
confirm or cancel, the template. For those who keep the finances only
(finances/access.py: the funder gets 403, everybody else 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from finances import imports, services
from finances.access import get_finances_to_edit
from finances.forms import ReceiptImportForm
from finances.models import Grant, ReceiptImport
from lib.limits import heavy_download
from lib.uploads import XLSX, download_response

PREVIEW_COLUMNS = ("number", "payment_date", "party", "reason", "group", "gross")


def _grant_to_edit(request, slug: str) -> Grant:
    network = get_finances_to_edit(request.user, slug)
    grant = Grant.objects.select_related("network").filter(network=network).first()
    if grant is None:
        raise Http404
    return grant


@login_required
def receipt_import(request, slug: str):
    """Step 1 and 2: upload a file, then see every row with its errors. A file whose
    rows are all valid is kept as a pending ReceiptImport (its rows, not the file)."""
    grant = _grant_to_edit(request, slug)
    form = ReceiptImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_rows(upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            checked = imports.validate_rows(rows, grant=grant)
            token = None
            if checked and not any(row.errors for row in checked):
                token = services.keep_receipt_import(
                    grant=grant, user=request.user, file_name=upload.name, rows=rows
                ).token
            return _preview(request, grant, checked, token, upload.name)
    context = {
        "network": grant.network,
        "grant": grant,
        "form": form,
        "imports": grant.imports.exclude(state=ReceiptImport.State.PENDING).select_related("user")[
            :10
        ],
    }
    return render(
        request, "finances/receipt_import.html", context, status=422 if form.errors else 200
    )


def _preview(request, grant, rows, token, file_name, status=200):
    for row in rows:
        row.cells = [row.values.get(imports.header_of(name), "") for name in PREVIEW_COLUMNS]
        if row.receipt is not None and not row.cells[0]:
            row.cells[0] = _("%(number)s (neu)") % {"number": row.receipt.number}
        if row.receipt is not None and not row.cells[-1]:  # gross left to net + VAT
            row.cells[-1] = formats.number_format(row.receipt.gross, 2, force_grouping=True)
    context = {
        "network": grant.network,
        "grant": grant,
        "rows": rows,
        "token": token,
        "file_name": file_name,
        "error_count": sum(1 for row in rows if row.errors),
    }
    return render(request, "finances/receipt_import_preview.html", context, status=status)


def _pending(request, grant) -> ReceiptImport | None:
    """The person's own preview named in the form, for this grant."""
    token = request.POST.get("token", "")
    return grant.imports.filter(user=request.user, token=token).first()


@login_required
@require_POST
def receipt_import_confirm(request, slug: str):
    """Step 3: import every row of the checked file in one transaction, or none."""
    grant = _grant_to_edit(request, slug)
    preview = _pending(request, grant)
    if preview is None:
        messages.error(request, _("Diese Vorschau ist abgelaufen. Bitte die Datei neu hochladen."))
        return redirect("receipt_import", slug=slug)
    try:
        rows = services.confirm_receipt_import(preview=preview, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        if error.code == "conflict":
            rows = imports.validate_rows(imports.stored_rows(preview.rows), grant=grant)
            return _preview(request, grant, rows, preview.token, preview.file_name, status=409)
        return redirect("receipt_import", slug=slug)
    if not rows or any(row.errors for row in rows):
        # A row no longer passes (the grant changed since the preview): show why.
        return _preview(request, grant, rows, None, preview.file_name, status=422)
    messages.success(
        request,
        _("%(count)s Belege aus „%(name)s“ sind importiert.")
        % {"count": len(rows), "name": preview.file_name},
    )
    return redirect("receipts", slug=slug)


@login_required
@require_POST
def receipt_import_cancel(request, slug: str):
    """Drop a checked file without importing it."""
    grant = _grant_to_edit(request, slug)
    preview = _pending(request, grant)
    if preview is not None:
        try:
            services.cancel_receipt_import(preview=preview, user=request.user)
        except ValidationError as error:
            if error.code != "cancelled":
                messages.error(request, error.messages[0])
                return redirect("receipt_import", slug=slug)
    messages.success(request, _("Der Import ist abgebrochen; es wurde nichts importiert."))
    return redirect("receipt_import", slug=slug)


@login_required
@heavy_download
def receipt_import_template(request, slug: str):
    grant = _grant_to_edit(request, slug)
    return download_response(
        imports.template_xlsx(grant),
        file_name=f"vorlage-belege-{grant.network.slug}.xlsx",
        content_type=XLSX,
    )
