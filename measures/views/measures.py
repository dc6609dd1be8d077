"""The list of measures and its export, and a measure's own pages: its form, page,
status, notes and documents."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lib.confirm import ask_first
from lib.conflicts import EditConflict, conflict_response
from lib.documents import download
from lib.limits import heavy_download
from lib.markup import image_source
from lib.uploads import XLSX, download_response
from measures import figures, library, spreadsheets
from measures.access import (
    WITHOUT_CATEGORY,
    category_todo,
    get_measure_for,
    get_measure_to_check,
    get_measure_to_edit,
    own_municipality,
    readable_network_ids,
    readable_networks,
    require_measure_logger,
)
from measures.forms import (
    NO_EVIDENCE,
    CheckForm,
    DocumentForm,
    MeasureFilterForm,
    MeasureForm,
    NoteForm,
    StatusForm,
    filter_municipalities,
)
from measures.history import timeline
from measures.models import (
    MIXED_GHG_UNIT,
    Measure,
    ghg_unit_for,
    list_totals,
    missing_factors_message,
    without_factor,
)
from measures.services import (
    add_document,
    add_progress_note,
    change_status,
    check_measure,
    create_measure,
    delete_document,
    merge_after_conflict,
    update_measure,
    withdraw_check,
)
from networks.forms import find_municipalities, municipality_label
from networks.models import FactorSet, Network, Participation

PAGE_SIZE = 50
SORTS = {
    "titel": "title",
    "kommune": "participation__municipality__name",
    "netzwerk": "participation__network__name",
    "schwerpunkt": "focus_area__name",
    "status": "status",
    "jahr": "year",
    "investition": "investment_eur",
    "foerderung": "subsidy_eur",
    "energie": "energy_savings_kwh",
    "co2": "co2_savings_t",
    "geaendert": "updated_at",
}


def _filtered(request):
    """The measures the person reads, narrowed by the list's GET filters; the kept
    figures (measures.figures) of the networks whose measures are all shown, if no
    filter but the network's narrows them (else None); and the networks they read."""
    network_ids = readable_network_ids(request.user)
    networks = Network.objects.filter(pk__in=network_ids)
    measures = Measure.objects.for_user(request.user, network_ids=network_ids).with_year()
    kept = figures.of_networks(network_ids)
    form = MeasureFilterForm(request.GET, networks=networks, years=figures.years(kept))
    form.is_valid()  # invalid filters are reported and left out, valid ones apply
    data = form.cleaned_data
    if data.get("kommune"):  # shown by name, whether it came as slug, AGS or name
        form.data = form.data.copy()
        form.data["kommune"] = municipality_label(data["kommune"])
    if data.get("netzwerk"):
        measures = measures.filter(participation__network=data["netzwerk"])
        kept = {data["netzwerk"].pk: kept[data["netzwerk"].pk]}
    if any(data.get(name) for name in NARROWING):
        kept = None
    if data.get("kommune"):
        measures = measures.filter(participation__municipality=data["kommune"])
    if data.get("schwerpunkt"):
        measures = measures.filter(focus_area=data["schwerpunkt"])
    if data.get("kategorie") == WITHOUT_CATEGORY:
        measures = measures.without_category()
    elif data.get("kategorie"):
        measures = measures.filter(category__slug=data["kategorie"])
    if data.get("status"):
        measures = measures.filter(status=data["status"])
    if data.get("jahr"):
        measures = measures.filter(year=data["jahr"])
    if data.get("nachweis"):
        code = data["nachweis"]
        measures = measures.with_evidence("" if code == NO_EVIDENCE else code)
    if data.get("geprueft"):
        measures = measures.checked(data["geprueft"] == "ja")
    for word in (data.get("q") or "").split():
        measures = measures.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return form, measures, kept, networks


# The filters that show part of a network's measures: with one, the kept figures of
# whole networks are not the totals of the rows shown.
NARROWING = ("kommune", "schwerpunkt", "kategorie", "status", "jahr", "nachweis", "geprueft", "q")


# Statuses sort in the order a measure goes through them, not alphabetically.
STATUS_ORDER = Case(
    *(When(status=value, then=Value(index)) for index, value in enumerate(Measure.Status.values)),
    default=Value(len(Measure.Status.values)),
)


def _order(measures, sort: str):
    key = SORTS.get(sort.removeprefix("-"), "")
    if not key:
        return measures.order_by("participation__municipality__name", "title", "pk"), ""
    if key == "status":
        measures, key = measures.annotate(status_order=STATUS_ORDER), "status_order"
    # Empty values last in both directions, on SQLite as on PostgreSQL.
    if sort.startswith("-"):
        expression = F(key).desc(nulls_last=True)
    else:
        expression = F(key).asc(nulls_last=True)
    return measures.order_by(expression, "title", "pk"), sort


def _statuses() -> list[tuple[str, str]]:
    """The statuses for each row's select, translated once for the page, not per row."""
    return [(value, str(label)) for value, label in Measure.Status.choices]


def _sort_links(request, current: str) -> dict[str, dict]:
    """For each sortable column: the query string that sorts by it and its aria-sort."""
    links = {}
    for name in SORTS:
        params = request.GET.copy()
        params.pop("seite", None)
        if current == name:
            params["sortierung"] = f"-{name}"
            state = "ascending"
        elif current == f"-{name}":
            params["sortierung"] = name
            state = "descending"
        else:
            params["sortierung"] = name
            state = "none"
        links[name] = {"query": params.urlencode(), "state": state}
    return links


@login_required
def measure_list(request):
    if not request.GET and (own := own_municipality(request.user)):
        # A climate manager starts with their municipality; "alle" is one click away.
        return redirect(f"{reverse('measure_list')}?kommune={own.slug}")
    form, measures, kept, networks = _filtered(request)
    ordered, sort = _order(measures, request.GET.get("sortierung", ""))
    # Greenhouse-gas savings add up only within one gas: CO₂ apart from CO₂e.
    totals, ghg = figures.list_totals(kept) if kept is not None else list_totals(measures)
    ghg_unit = ghg_unit_for(networks)
    paginator = Paginator(
        ordered.select_related(
            "participation__network__factor_set",
            "participation__municipality",
            "focus_area",
            "category",
        ),
        PAGE_SIZE,
    )
    paginator.count = totals["count"]  # counted with the totals: one pass over the rows
    page = paginator.get_page(request.GET.get("seite"))
    editable = set(
        Measure.objects.editable_by(request.user)
        .filter(pk__in=[measure.pk for measure in page])
        .values_list("pk", flat=True)
    )
    params = request.GET.copy()
    params.pop("seite", None)
    everywhere = params.copy()
    everywhere["kommune"] = ""  # every municipality (an empty filter, not the default)
    context = {
        "form": form,
        "page": page,
        "editable": editable,
        "totals": totals,
        "ghg": ghg,
        "ghg_unit": ghg_unit,
        "ghg_mixed": ghg_unit == MIXED_GHG_UNIT,  # each figure then names its gas
        "sort_links": _sort_links(request, sort),
        "sort": sort,
        "query": params.urlencode(),
        "query_everywhere": everywhere.urlencode() if request.GET.get("kommune") else None,
        "can_create": Participation.objects.open_for_new_measures_by(request.user).exists(),
        # Not one measure to read at all (not merely none matching the filters): the page
        # says what to do first. Asked only when the filtered list is empty.
        "none_yet": not totals["count"] and not Measure.objects.for_user(request.user).exists(),
        "statuses": _statuses(),
        "category_todo": category_todo(request.user, Measure.objects.editable_by(request.user)),
    }
    template = "measures/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def measure_municipality_suggestions(request):
    """Municipalities of the person's networks matching what was typed in the list's
    filter (htmx fills its suggestions with them)."""
    networks = readable_networks(request.user)
    found = find_municipalities(filter_municipalities(networks), request.GET.get("kommune", ""))
    return render(request, "includes/municipality_options.html", {"municipalities": found})


@login_required
@heavy_download
def measure_export(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    _form, measures, _kept, _networks = _filtered(request)
    measures, _sort = _order(measures, request.GET.get("sortierung", ""))
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        content, content_type = spreadsheets.export_csv(measures), "text/csv; charset=utf-8"
    else:
        content, content_type = spreadsheets.export_xlsx(measures), XLSX
    return download_response(
        content, file_name=f"massnahmen-{stamp}.{file_format}", content_type=content_type
    )


@login_required
def measure_new(request):
    require_measure_logger(request.user)
    form = MeasureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            measure = create_measure(measure=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Maßnahme ist gespeichert."))
            return redirect(measure)
    return render(
        request,
        "measures/form.html",
        {"form": form, "measure": None, **_co2_context(form.instance)},
        status=422 if form.errors else 200,
    )


@login_required
def measure_edit(request, pk: int):
    measure = get_measure_to_edit(request.user, pk)
    form = MeasureForm(request.POST or None, instance=measure, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            update_measure(
                measure=form.instance,
                user=request.user,
                base_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            # The form again, with the other person's changes taken over.
            data = merge_after_conflict(
                data=request.POST, cleaned=form.cleaned_data, conflict=conflict
            )
            form = MeasureForm(data, instance=conflict.current, user=request.user)
            context = {"form": form, "measure": measure, **_co2_context(form.instance)}
            return conflict_response(request, "measures/form.html", context, conflict=conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Maßnahme ist gespeichert."))
            return redirect(measure)
    return render(
        request,
        "measures/form.html",
        {"form": form, "measure": measure, **_co2_context(form.instance)},
        status=422 if form.is_bound and form.errors else 200,
    )


def _co2_context(measure: Measure) -> dict:
    """What the greenhouse-gas lines of the form say for these energy lines: each
    line with the factor of the network's set, and their net effect."""
    if measure.participation_id:
        factor_set = measure.participation.network.factor_set
    else:
        factor_set = FactorSet.objects.programme()
    year = measure.reference_year()
    rows = measure.line_factors(factor_set.pk)
    missing = [line.carrier for line in without_factor(rows)]
    return {
        "rows": rows,
        "co2": measure.ghg_effect(factor_set.pk) if rows and not missing else None,
        "missing_message": missing_factors_message(missing, factor_set, year) if missing else "",
        "factor_set": factor_set,
    }


@login_required
@require_POST
def measure_co2(request):
    """The greenhouse-gas savings that follow from the form as typed so far (htmx,
    while typing). Each field and energy row on its own: the model rules (full form
    validation) would drop a carrier exactly when it has no factor, which the
    preview has to say."""
    require_measure_logger(request.user)
    form = MeasureForm(request.POST, user=request.user)
    data = {}
    for name in ("participation", "planned_start", "planned_end", "started_on", "completed_on"):
        try:
            data[name] = form.fields[name].clean(form[name].data)
        except ValidationError:
            data[name] = None
    lines = []
    if form.energy.management_form.is_valid():
        for row in form.energy.forms:
            if row.is_valid() and (line := row.line()) is not None:
                lines.append(line)
    preview = Measure(**data)
    preview.pending_energy = lines
    return render(request, "measures/form.html#co2", _co2_context(preview))


def _detail_context(request, measure, can_edit, **forms):
    # Read with the measure by measures.access.get_measure_for.
    can_check = measure.may_check
    check_form = forms.get("check_form") or (CheckForm(measure=measure) if can_check else None)
    return {
        "measure": measure,
        "can_edit": can_edit,
        "can_check": can_check,
        "check_form": check_form,
        "ghg_sets": measure.ghg_in_sets(FactorSet.objects.all()),
        "notes": measure.notes.select_related("author"),
        "documents": measure.documents.select_related("uploaded_by"),
        "timeline": partial(timeline, measure),  # runs only where the page shows it
        "comparable": partial(library.comparable, measure, request.user),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": measure.status}),
        "note_form": forms.get("note_form") or NoteForm(),
        "document_form": forms.get("document_form") or DocumentForm(),
    }


@login_required
def measure_detail(request, pk: int):
    measure, can_edit = get_measure_for(request.user, pk)
    return render(request, "measures/detail.html", _detail_context(request, measure, can_edit))


def _back(request, measure):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(measure)


@login_required
@require_POST
def measure_status(request, pk: int):
    measure = get_measure_to_edit(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            measure = change_status(
                measure=measure, user=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            form.add_error("status", " ".join(error.messages))
    # The list row shows no messages; one stored for it would pop up on the next page.
    row = bool(request.htmx) and request.htmx.target == f"measure-{pk}"
    if not form.errors and not row:
        messages.success(
            request,
            _("„%(title)s“ ist jetzt %(status)s.")
            % {"title": measure.title, "status": measure.get_status_display()},
        )
    if request.htmx:
        measure = get_measure_for(request.user, pk)[0]
        if row:
            context = {
                "measure": measure,
                "editable": {measure.pk},
                "statuses": _statuses(),
                "row_error": form.errors.get("status"),
            }
            return render(request, "measures/list.html#row", context)
        context = _detail_context(request, measure, True, status_form=form if form.errors else None)
        return render(request, "measures/detail.html#status", context)
    if form.errors:
        messages.error(request, " ".join(form.errors["status"]))
    return _back(request, measure)


@login_required
@require_POST
def measure_note_add(request, pk: int):
    measure = get_measure_to_edit(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            add_progress_note(measure=measure, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = _detail_context(request, measure, True, note_form=form)
        template = "measures/detail.html#notes" if request.htmx else "measures/detail.html"
        return render(request, template, context, status=422)
    messages.success(request, _("Die Notiz ist gespeichert."))
    if request.htmx:
        return render(
            request, "measures/detail.html#notes", _detail_context(request, measure, True)
        )
    return redirect(measure)


@login_required
@require_POST
def measure_document_add(request, pk: int):
    measure = get_measure_to_edit(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_document(measure=measure, user=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
    if form.errors:
        context = _detail_context(request, measure, True, document_form=form)
        return render(request, "measures/detail.html", context, status=422)
    messages.success(request, _("Das Dokument ist gespeichert."))
    return redirect(measure)


def _check_answer(request, measure, *, form=None, status: int = 200):
    """The page's check panel after a check or its withdrawal: the partial for htmx
    (with the form and its errors), else the page again on an error or a redirect."""
    if request.htmx:
        measure = get_measure_for(request.user, measure.pk)[0]
        context = _detail_context(request, measure, True, check_form=form)
        return render(request, "measures/detail.html#check", context, status=status)
    if status != 200:
        measure = get_measure_for(request.user, measure.pk)[0]
        context = _detail_context(request, measure, True, check_form=form)
        return render(request, "measures/detail.html", context, status=status)
    return redirect(f"{measure.get_absolute_url()}#check")


@login_required
@require_POST
def measure_check(request, pk: int):
    """The coordination marks the measure as checked against one of its documents."""
    measure = get_measure_to_check(request.user, pk)
    form = CheckForm(request.POST, measure=measure)
    if not form.is_valid():
        return _check_answer(request, measure, form=form, status=422)
    try:
        check_measure(
            measure=measure,
            user=request.user,
            document=form.cleaned_data["document"],
            note=form.cleaned_data["note"],
            base_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        # Based on the measure as it is now: sending it again is a deliberate choice.
        form.data = form.data.copy()
        form.data["version"] = conflict.version
        form.add_error(None, conflict)
        return _check_answer(request, measure, form=form, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _check_answer(request, measure, form=form, status=422)
    messages.success(request, _("Die Maßnahme ist als geprüft markiert."))
    return _check_answer(request, measure)


@login_required
@require_POST
def measure_check_withdraw(request, pk: int):
    """The coordination takes its check back."""
    measure = get_measure_to_check(request.user, pk)
    form = CheckForm(request.POST, measure=measure)
    form.is_valid()  # only its version is read
    try:
        withdraw_check(
            measure=measure, user=request.user, base_version=form.cleaned_data.get("version")
        )
    except EditConflict as conflict:
        form = CheckForm(measure=measure)
        form.add_error(None, conflict)
        return _check_answer(request, measure, form=form, status=409)
    except ValidationError as error:
        form = CheckForm(measure=measure)
        form.add_error(None, error)
        return _check_answer(request, measure, form=form, status=422)
    messages.success(request, _("Die Prüfung ist zurückgenommen."))
    return _check_answer(request, measure)


@image_source
@login_required
def measure_document(request, pk: int, document: int):
    """A measure's document, only for people who may read the measure."""
    measure, _can_edit = get_measure_for(request.user, pk)
    document = get_object_or_404(measure.documents, pk=document)
    return download(document)


@login_required
@require_POST
def measure_document_delete(request, pk: int, document: int):
    measure = get_measure_to_edit(request.user, pk)
    document = get_object_or_404(measure.documents, pk=document)
    if page := ask_first(request, document.delete_question(), back_url=measure.get_absolute_url()):
        return page
    delete_document(document=document, user=request.user)
    messages.success(request, _("Das Dokument ist gelöscht."))
    return redirect(measure)
