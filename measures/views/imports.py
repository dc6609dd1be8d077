"""Importing measures from a spreadsheet: upload and check, confirm or cancel, template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.limits import heavy_download
from lib.uploads import XLSX, download_response
from measures import spreadsheets
from measures.access import require_measure_logger
from measures.forms import ImportForm
from measures.models import ImportPreview, MeasureImport
from measures.services import cancel_import, confirm_import, keep_import_preview
from networks.models import Network


def _import_networks(user):
    return Network.objects.filter(pk__in=require_measure_logger(user).values("network"))


@login_required
def measure_import(request):
    """Step 1 and 2 of an import: upload a file, then see every row with its errors.

    A file whose rows are all valid is kept as an ImportPreview (its rows, not the
    file) for the confirmation; one with errors is not kept at all.
    """
    networks = _import_networks(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        network, upload = form.cleaned_data["network"], form.cleaned_data["file"]
        try:
            rows = spreadsheets.read_rows(upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            checked = spreadsheets.validate_rows(rows, network=network, user=request.user)
            token = None
            if checked and not any(row.errors for row in checked):
                preview = keep_import_preview(
                    network=network, user=request.user, file_name=upload.name, rows=rows
                )
                token = preview.token
            return _preview(request, network, checked, token, upload.name)
    imports = MeasureImport.objects.filter(network__in=networks).select_related("user", "network")
    return render(
        request,
        "measures/import.html",
        {"form": form, "networks": networks, "imports": imports[:10]},
        status=422 if form.errors else 200,
    )


PREVIEW_COLUMNS = ["Titel", "Themenschwerpunkt", "Status", "Endenergieeinsparung (kWh/a)"]


def _preview(request, network, rows, token, name, status=200):
    for row in rows:
        municipality = row.values.get("Kommune") or row.values.get("AGS", "")
        row.cells = [municipality, *(row.values.get(column, "") for column in PREVIEW_COLUMNS)]
    context = {
        "network": network,
        "rows": rows,
        "token": token,
        "file_name": name,
        "error_count": sum(1 for row in rows if row.errors),
    }
    return render(request, "measures/import_preview.html", context, status=status)


def _import_preview(request, networks) -> ImportPreview | None:
    """The person's own preview named in the form, in a network they still log for."""
    token = request.POST.get("token", "")
    preview = ImportPreview.objects.filter(user=request.user, token=token).first()
    if preview is not None:
        get_object_or_404(networks, pk=preview.network_id)
    return preview


@login_required
@require_POST
def measure_import_confirm(request):
    """Step 3: import every row of the checked file in one transaction, or none."""
    networks = _import_networks(request.user)
    preview = _import_preview(request, networks)
    if preview is None:
        messages.error(request, _("Diese Vorschau ist abgelaufen. Bitte die Datei neu hochladen."))
        return redirect("measure_import")
    try:
        record = confirm_import(preview=preview, user=request.user)
    except ValidationError as error:
        if error.code in ("expired", "imported", "cancelled"):
            messages.error(request, error.messages[0])
            return redirect("measure_import")
        # A row no longer passes (the network changed since the preview): show why.
        rows = spreadsheets.validate_rows(
            spreadsheets.stored_rows(preview.rows), network=preview.network, user=request.user
        )
        return _preview(request, preview.network, rows, None, preview.file_name, status=422)
    messages.success(
        request,
        _("%(count)s Maßnahmen aus „%(name)s“ sind importiert.")
        % {"count": record.rows, "name": record.file_name},
    )
    network = preview.network
    return redirect(f"{redirect('measure_list').url}?netzwerk={network.slug}&sortierung=-geaendert")


@login_required
@require_POST
def measure_import_cancel(request):
    """Drop a checked file without importing it."""
    preview = _import_preview(request, _import_networks(request.user))
    if preview is not None:
        try:
            cancel_import(preview=preview, user=request.user)
        except ValidationError as error:
            if error.code != "cancelled":
                messages.error(request, error.messages[0])
                return redirect("measure_import")
    messages.success(request, _("Der Import ist abgebrochen; es wurde nichts importiert."))
    return redirect("measure_import")


@login_required
@heavy_download
def measure_import_template(request, slug: str):
    network = _import_networks(request.user).filter(slug=slug).first()
    if network is None:
        raise Http404
    return download_response(
        spreadsheets.template_xlsx(network),
        file_name=f"vorlage-{network.slug}.xlsx",
        content_type=XLSX,
    )
