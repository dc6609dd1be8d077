"""The library of measures (issue 34): what comparable municipalities did and what a
tonne cost them; and a network coordination's consent to share its measures there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lib.conflicts import EditConflict, conflict_response
from measures import library
from measures.forms import LibraryFilterForm, LibrarySharingForm
from measures.models import Measure, MeasureSettings, has_library_access
from measures.services import set_library_sharing
from networks.access import get_network_to_edit

PAGE_SIZE = 50


def _sort_links(query: QueryDict, sort: str) -> dict:
    """Per sortable column: the query that sorts by it (the other way round if it is
    the current sort) and its aria-sort state."""
    links = {}
    for key in library.SORTS:
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        params = query.copy()
        params.pop("seite", None)
        params["sort"] = f"-{key}" if current and not descending else key
        state = ("descending" if descending else "ascending") if current else "none"
        links[key.replace("-", "_")] = {"query": params.urlencode(), "state": state}
    return links


@login_required
def measure_library(request):
    if not has_library_access(request.user):
        raise Http404
    form = LibraryFilterForm(request.GET or None, population_classes=library.POPULATION_CLASSES)
    filters = {}
    if form.is_bound:
        # A filter with a value not offered says so beside its field, and the others
        # still filter: cleaned_data keeps the valid fields of an invalid form.
        form.is_valid()
        filters = form.cleaned_data
    measures = library.filtered(
        Measure.objects.in_library(request.user),
        category=filters.get("kategorie"),
        focus_area=filters.get("schwerpunkt"),
        carrier=filters.get("energietraeger"),
        size=library.POPULATION_CLASS_BY_SLUG.get(filters.get("groesse") or ""),
    )
    sort = request.GET.get("sort", library.DEFAULT_SORT)
    if sort.removeprefix("-") not in library.SORTS:
        sort = library.DEFAULT_SORT
    summary = library.summary_by_category(measures)
    paginator = Paginator(library.SortedRows(measures, sort), PAGE_SIZE)
    # The summary has counted the rows already, category by category.
    paginator.count = sum(item.count for item in summary)
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "measures/library.html",
        {
            "form": form,
            "page": page,
            "rows": [library.measure_row(measure) for measure in page],
            "summary": summary,
            "sort": sort,
            "sort_links": _sort_links(query, sort),
            "query": query.urlencode() + "&" if query else "",
        },
    )


@login_required
def measure_library_sharing(request, slug: str):
    """A network's coordination switches sharing in the portal-wide library."""
    network = get_network_to_edit(request.user, slug)
    settings = MeasureSettings.for_network(network)
    form = LibrarySharingForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            set_library_sharing(
                network=network,
                user=request.user,
                shared=form.cleaned_data["library_shared"],
                contact=form.cleaned_data["library_contact"],
                base_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            # Shown again based on the settings as they are now: saving is deliberate.
            return conflict_response(
                request,
                "measures/library_sharing.html",
                {"form": form, "network": network, "settings": conflict.current},
                form=form,
                conflict=conflict,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Die Maßnahmen des Netzwerks werden in der Bibliothek geteilt.")
                if form.cleaned_data["library_shared"]
                else _("Die Maßnahmen des Netzwerks werden nicht in der Bibliothek geteilt."),
            )
            return redirect("network_edit", slug=network.slug)
    return render(
        request,
        "measures/library_sharing.html",
        {"form": form, "network": network, "settings": settings},
        status=422 if form.errors else 200,
    )
