"""The Belegliste for download, as CSV or XLSX, for those who read a network's
finances (finances/access.py: the coordination, its finance people and the network's
funder; 404 for everybody else). Both are streamed: the CSV line by line from the
database, the workbook from the temporary file it is written to."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from finances import belegliste
from finances.access import get_finances_for
from finances.models import Grant
from lib.limits import heavy_download
from lib.uploads import XLSX


@login_required
@heavy_download
@require_GET
def belegliste_export(request, slug: str, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    network, _can_edit = get_finances_for(request.user, slug)
    grant = Grant.objects.filter(network=network).first()
    if grant is None:
        raise Http404
    file_name = f"belegliste-{network.slug}-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            belegliste.csv_lines(grant), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    else:
        response = FileResponse(
            belegliste.xlsx_file(grant), as_attachment=True, filename=file_name, content_type=XLSX
        )
    response["Cache-Control"] = "private, no-store"
    return response
