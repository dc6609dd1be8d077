"""The coordination's page to publish a network's measures, and the public pages and
files of the published data sets (no sign-in; anything not published is 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from lib.confirm import Question, ask_first
from lib.conflicts import EditConflict, conflict_response
from networks.access import get_network_to_edit
from networks.models import Participation
from opendata import catalogue, data
from opendata.forms import PublicationForm
from opendata.models import Licence, Publication
from opendata.services import publication_of, set_publication

PREVIEW_ROWS = 5
# The files are the same for everybody: shared caches may keep them a few minutes,
# and revalidate with the ETag and Last-Modified after that.
PUBLIC_CACHE = "public, max-age=300"


@login_required
def manage(request, slug: str):
    network = get_network_to_edit(request.user, slug)
    publication = publication_of(network)
    form = PublicationForm(
        request.POST or None,
        initial={"licence": publication.licence, "version": publication.version},
    )
    context = _manage_context(network, publication, form)
    if request.method == "POST" and form.is_valid():
        if answer := ask_first(request, _question(form), back_url=request.path):
            return answer
        try:
            set_publication(
                network=network,
                user=request.user,
                publish=form.publishes(),
                licence=form.cleaned_data["licence"],
                base_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_response(
                request,
                "opendata/manage.html",
                _manage_context(network, publication_of(_fresh(network)), form),
                form=form,
                conflict=conflict,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Die Maßnahmen sind als offene Daten veröffentlicht.")
                if form.publishes()
                else _("Die Veröffentlichung ist zurückgezogen."),
            )
            return redirect("opendata_manage", slug=network.slug)
    return render(request, "opendata/manage.html", context, status=422 if form.errors else 200)


def _fresh(network):
    """The network with its publication as stored now (after a refused edit)."""
    return type(network).objects.select_related("publication").get(pk=network.pk)


def _question(form: PublicationForm) -> Question:
    if form.publishes():
        licence = Licence(form.cleaned_data["licence"]).label
        return Question(
            title=_("Maßnahmen als offene Daten veröffentlichen?"),
            consequence=_(
                "Die genannten Felder aller Maßnahmen des Netzwerks werden ohne Anmeldung "
                "abrufbar und in den Katalog für Open-Data-Portale aufgenommen, unter der "
                "Lizenz „%(licence)s“. Was andere bis zu einem Zurückziehen heruntergeladen "
                "haben, dürfen sie unter dieser Lizenz weiter nutzen."
            )
            % {"licence": licence},
            confirm=_("Ja, veröffentlichen"),
        )
    return Question(
        title=_("Veröffentlichung zurückziehen?"),
        consequence=_(
            "Die Seite, die Dateien und der Katalogeintrag verschwinden. Bereits "
            "heruntergeladene Daten bleiben unter ihrer Lizenz nutzbar."
        ),
        confirm=_("Ja, zurückziehen"),
    )


def _manage_context(network, publication: Publication, form) -> dict:
    fields = data.all_fields()
    preview_fields = [field for field in fields if field.key in PREVIEW_KEYS]
    preview = [
        [row[field.key] for field in preview_fields]
        for row in data.rows(data.measures_of(network)[:PREVIEW_ROWS], preview_fields)
    ]
    return {
        "network": network,
        "publication": publication,
        "form": form,
        "fields": fields,
        "preview": preview,
        "preview_fields": preview_fields,
        "measure_count": data.measures_of(network).count(),
        "licences": [(choice, choice.terms) for choice in Licence],
    }


PREVIEW_KEYS = ("kommune", "titel", "status", "thg_einsparung_t_a")


def _public():
    return Publication.objects.public().select_related("network__coordinator")


def _published(slug: str) -> Publication:
    return get_object_or_404(_public(), network__slug=slug)


@require_safe
def index(request):
    publications = list(_public())
    return render(request, "opendata/index.html", {"publications": publications})


@require_safe
def dataset(request, slug: str):
    publication = _published(slug)
    network = publication.network
    participations = network.participations.select_related("municipality").order_by(
        "municipality__name"
    )
    modified, _etag = data.state(publication)
    context = {
        "publication": publication,
        "network": network,
        "title": catalogue.title_of(publication),
        "description": catalogue.description_of(publication),
        "terms": publication.licence_terms,
        "licence_name": Licence(publication.licence).label,
        "municipalities": [p.municipality for p in participations],
        "modified": modified,
        "fields": data.all_fields(),
    }
    return render(request, "opendata/dataset.html", context)


def _last_modified(request, slug: str, **kwargs):
    publication = Publication.objects.public().filter(network__slug=slug).first()
    return data.state(publication)[0] if publication else None


def _etag(request, slug: str, **kwargs):
    publication = Publication.objects.public().filter(network__slug=slug).first()
    return data.state(publication)[1] if publication else None


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def download(request, slug: str, fmt: str):
    publication = _published(slug)
    fields = data.all_fields()
    measures = data.measures_of(publication.network)
    if fmt == "csv":
        body, content_type = data.as_csv(measures, fields), "text/csv; charset=utf-8"
    else:
        about = {
            "titel": catalogue.title_of(publication),
            "herausgeber": publication.network.coordinator.name,
            "lizenz": publication.licence_terms.uri,
            "lizenz_name": Licence(publication.licence).label,
            "namensnennung": catalogue.attribution_of(publication)
            if publication.licence_terms.attribution
            else None,
            "zeitraum": {
                "beginn": publication.network.term_start.isoformat(),
                "ende": publication.network.term_end.isoformat(),
            },
        }
        body = data.as_json(measures, fields, about=about)
        content_type = "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="massnahmen-{slug}.{fmt}"'
    response["Cache-Control"] = PUBLIC_CACHE
    return response


@require_safe
def catalogue_file(request, fmt: str):
    publications = list(
        _public().prefetch_related(
            Prefetch(
                "network__participations",
                queryset=Participation.objects.select_related("municipality").order_by(
                    "municipality__ags"
                ),
            )
        )
    )
    graph = catalogue.build_graph(
        publications,
        absolute=request.build_absolute_uri,
        modified_of=lambda publication: data.state(publication)[0],
    )
    content_type = "text/turtle" if fmt == "ttl" else "application/ld+json"
    response = HttpResponse(
        catalogue.serialise(graph, fmt), content_type=f"{content_type}; charset=utf-8"
    )
    response["Cache-Control"] = PUBLIC_CACHE
    return response
