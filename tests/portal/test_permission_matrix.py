"""Who gets what, for every URL pattern of the project's own apps and every persona.

A URL that is missing from MATRIX fails test_every_project_url_is_in_the_matrix, so a
new page cannot skip its permission decision. allauth's and the admin's own pages
are left out: allauth's are public forms, the admin's are for superusers only
(tests/portal/test_admin.py) and both sign in through allauth.
"""

import copy
import datetime
import io
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from api.services import create_token
from finances.models import Grant, PlanChange, Proof
from finances.proofs.figures import findings_of, read_scope
from finances.proofs.issuing import identified, issue_proof
from finances.services import plan_snapshot
from measures.models import Measure
from measures.services import add_document, check_measure
from networks.models import Invitation, Organisation, Prospect
from networks.services import add_organisation_logo, new_token
from opendata.models import Publication
from opendata.services import set_publication
from reports import jobs
from reports.issuing import issue_report
from reports.models import ConfirmationRequest, Report
from tests.factories import (
    LEFT_EMPTY,
    BudgetLineFactory,
    CallOffFactory,
    FocusAreaFactory,
    GrantFactory,
    MeasureFactory,
    MunicipalityFactory,
    NetworkPhotoFactory,
    OrganisationFactory,
    ReceiptFactory,
    png_upload,
)
from tests.helpers import needs_pango, run_tasks, with_totp

# The personas are made once for this module (see `module_personas` in tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

PERSONAS = [
    "anonymous",
    "outsider",
    "climate_manager_a",
    "climate_manager_b",
    "service_provider",
    "funder",
    "coordinator",
    "other_coordinator",
    "foreign_climate_manager",
    "finance",
    "other_finance",
    "superuser",
]
LOGIN = "login"  # a redirect to the login page
# The pages that answer with a PDF (made by WeasyPrint, which needs Pango): the walks
# through the HTML pages (tests/browser/walk.py `documents_of`) leave them out.
PDF_PAGES = {"meeting_pdf", "report_preview_pdf", "report_pdf", "mayors_report"}
# The help is the documentation site under its own policy (portal/views/help.py,
# tests/portal/test_help.py); the walks through the portal's pages leave it out.
HELP_PAGES = {"help"}


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def signed_in(status, **exceptions):
    statuses = {**everyone(status), "anonymous": LOGIN, **exceptions}
    # Municipality A's climate manager granted by the other organisation reaches what
    # that organisation's coordinator reaches of this network's objects: nothing.
    if "foreign_climate_manager" not in exceptions:
        statuses["foreign_climate_manager"] = statuses["other_coordinator"]
    return statuses


COORDINATORS_ONLY = signed_in(403, coordinator=200, other_coordinator=200, superuser=200,
                              foreign_climate_manager=403)  # fmt: skip
# Invitation actions on an invitation into network "netzwerk-test": outsiders to it get 404.
INVITATION_ACTION = signed_in(404, coordinator=302, superuser=302)

MEASURE_READERS = signed_in(200, outsider=404, funder=403)
MEASURE_LOGGERS = signed_in(200, outsider=404, service_provider=403, funder=403)
MEASURE_OF_A = signed_in(200, outsider=404, other_coordinator=404, funder=404)
MEASURE_OF_A_READ_ONLY = {"climate_manager_b": 403, "service_provider": 403}
MEASURE_OF_A_CHANGE = (
    signed_in(302, outsider=404, other_coordinator=404, funder=404) | MEASURE_OF_A_READ_ONLY
)
MEASURE_CHECKERS = signed_in(403, outsider=404, other_coordinator=404, funder=404,
                             coordinator=302, superuser=302)  # fmt: skip

MEETING_READERS = signed_in(200, outsider=404, other_coordinator=404)
MODERATORS = signed_in(403, outsider=404, other_coordinator=404, coordinator=200,
                       service_provider=200, superuser=200)  # fmt: skip
MODERATORS_CHANGE = signed_in(403, outsider=404, other_coordinator=404, coordinator=302,
                              service_provider=302, superuser=302)  # fmt: skip
REPORT_ISSUERS = signed_in(403, outsider=404, other_coordinator=404, coordinator=302,
                           superuser=302)  # fmt: skip

RECRUITMENT_READERS = signed_in(403, outsider=404, other_coordinator=404, coordinator=200,
                                service_provider=200, funder=200, superuser=200)  # fmt: skip
RECRUITMENT_RECORDERS = signed_in(403, outsider=404, other_coordinator=404, coordinator=302,
                                  superuser=302)  # fmt: skip

MATRIX = {
    ("home", "GET"): everyone(200),
    ("favicon", "GET"): everyone(301),
    ("start", "GET"): signed_in(200),
    ("account", "GET"): signed_in(200),
    ("help", "GET"): everyone(200),
    ("set_language", "POST"): everyone(302),
    ("invitations", "GET"): COORDINATORS_ONLY,
    ("invitation_revoke", "POST"): INVITATION_ACTION,
    ("invitation_resend", "POST"): INVITATION_ACTION,
    ("accept_invitation", "GET"): everyone(200),
    ("network", "GET"): signed_in(200, outsider=404, other_coordinator=404),
    ("public_network", "GET"): everyone(200),
    ("participant", "GET"): signed_in(200, outsider=404, other_coordinator=404),
    # The report for the mayor and council: coordination and the municipality's own
    # climate manager (not one whose role came from another organisation).
    ("mayors_report", "GET"): signed_in(403, outsider=404, other_coordinator=404, coordinator=200,
                                        climate_manager_a=200, superuser=200),  # fmt: skip
    # Network editing: members who only read get 403, outsiders 404.
    ("participant_add", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                           coordinator=302, superuser=302),
    ("participant_edit", "GET"): signed_in(403, outsider=404, other_coordinator=404,
                                           coordinator=200, superuser=200),
    ("participant_remove", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                              coordinator=302, superuser=302),
    ("network_edit", "GET"): signed_in(403, outsider=404, other_coordinator=404,
                                       coordinator=200, superuser=200),
    ("participant_suggestions", "GET"): signed_in(403, outsider=404, other_coordinator=404,
                                                  coordinator=200, superuser=200),
    ("network_photo_add", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                             coordinator=302, superuser=302),
    ("network_photo_delete", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                                coordinator=302, superuser=302),
    # A photo of a network that is not public: its members only.
    ("network_photo", "GET"): everyone(200) | {"anonymous": 404, "outsider": 404,
                                              "other_coordinator": 404,
                                              "foreign_climate_manager": 404},
    # The funder's logo, through a network that is not public: its members only.
    ("funder_logo", "GET"): everyone(200) | {"anonymous": 404, "outsider": 404,
                                            "other_coordinator": 404,
                                            "foreign_climate_manager": 404},
    ("successor_new", "GET"): signed_in(403, outsider=404, other_coordinator=404,
                                        coordinator=200, superuser=200),
    # Recruitment (Gewinnungsphase): the coordination records; service providers and
    # funders read; the climate managers of its municipalities do not (403).
    ("recruitment", "GET"): RECRUITMENT_READERS,
    ("compliance", "GET"): RECRUITMENT_READERS,  # the programme's rules: the same readers
    ("prospect_letter", "GET"): RECRUITMENT_READERS,
    ("recruitment", "POST"): RECRUITMENT_RECORDERS,
    ("prospect_edit", "GET"): RECRUITMENT_RECORDERS | {"coordinator": 200, "superuser": 200},
    ("prospect_suggestions", "GET"): RECRUITMENT_RECORDERS
    | {"coordinator": 200, "superuser": 200},
    ("recruitment_take_in", "POST"): RECRUITMENT_RECORDERS,
    # Measures: network members read them (funders do not), editors log them.
    ("measure_list", "GET"): MEASURE_READERS,
    ("measure_municipality_suggestions", "GET"): MEASURE_READERS,
    ("measure_export", "GET"): MEASURE_READERS,
    ("measure_new", "GET"): MEASURE_LOGGERS,
    ("measure_co2", "POST"): MEASURE_LOGGERS,
    ("measure_import", "GET"): MEASURE_LOGGERS,
    ("measure_import_confirm", "POST"): signed_in(302, outsider=404, service_provider=403,
                                                  funder=403),
    ("measure_import_cancel", "POST"): signed_in(302, outsider=404, service_provider=403,
                                                 funder=403),
    ("measure_import_template", "GET"): MEASURE_LOGGERS | {"other_coordinator": 404,
                                                     "foreign_climate_manager": 404},
    # The library of measures: anybody holding a role (shared networks' rows anonymised,
    # tests/measures/test_library.py); switching a network's sharing: its coordination.
    ("measure_library", "GET"): signed_in(200, outsider=404),
    ("measure_library_sharing", "GET"): signed_in(403, outsider=404, other_coordinator=404,
                                                  coordinator=200, superuser=200),  # fmt: skip
    ("measure_library_sharing", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                                   coordinator=302, superuser=302),  # fmt: skip
    # One measure of municipality A in network "netzwerk-test".
    ("measure", "GET"): MEASURE_OF_A,
    ("measure_document", "GET"): MEASURE_OF_A,
    ("measure_edit", "GET"): MEASURE_OF_A | MEASURE_OF_A_READ_ONLY,
    ("measure_status", "POST"): MEASURE_OF_A_CHANGE,
    ("measure_note_add", "POST"): MEASURE_OF_A_CHANGE,
    ("measure_document_add", "POST"): MEASURE_OF_A_CHANGE,
    ("measure_document_delete", "POST"): MEASURE_OF_A_CHANGE,
    # The coordination's check against a document: not the climate managers, who keep
    # the figures checked (issue 34).
    ("measure_check", "POST"): MEASURE_CHECKERS,
    ("measure_check_withdraw", "POST"): MEASURE_CHECKERS,
    # Meetings of network "netzwerk-test": every member reads them (funders too),
    # coordinators and the network's service providers moderate them.
    ("meeting_list", "GET"): signed_in(200, outsider=404),
    ("network_meetings", "GET"): MEETING_READERS,
    ("meeting_new", "GET"): MODERATORS,
    ("meeting_series", "GET"): MODERATORS,
    ("meeting", "GET"): MEETING_READERS,
    ("meeting_edit", "GET"): MODERATORS,
    ("meeting_cancel", "POST"): MODERATORS_CHANGE,
    ("meeting_invite", "POST"): MODERATORS_CHANGE,
    ("agenda_add", "POST"): MODERATORS_CHANGE,
    ("agenda_edit", "GET"): MODERATORS,
    ("agenda_delete", "POST"): MODERATORS_CHANGE,
    ("agenda_move", "POST"): MODERATORS_CHANGE,
    # Only invitees answer: the climate managers and the service provider.
    ("meeting_answer", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                          climate_manager_a=302, climate_manager_b=302,
                                          service_provider=302),
    ("meeting_answer_link", "GET"): everyone(200),  # the signed link is the key
    ("meeting_attendance", "GET"): MODERATORS,
    ("minutes_edit", "GET"): MODERATORS,
    ("minutes_finalise", "POST"): MODERATORS_CHANGE,
    ("minutes_reopen", "POST"): MODERATORS_CHANGE | {"service_provider": 403},
    # The set-up's minutes are a draft: their versions are for the moderators; members
    # read them once final (tests/events/test_minutes.py).
    ("minutes_versions", "GET"): MODERATORS,
    ("decision_add", "POST"): MODERATORS_CHANGE,
    ("decision_delete", "POST"): MODERATORS_CHANGE,
    ("action_add", "POST"): MODERATORS_CHANGE,
    ("action_delete", "POST"): MODERATORS_CHANGE,
    # The action item is municipality A's: its climate manager ticks it off too.
    ("action_done", "POST"): MODERATORS_CHANGE | {"climate_manager_a": 302},
    ("action_measure", "POST"): MODERATORS_CHANGE | {"service_provider": 403},
    ("meeting_document_add", "POST"): MODERATORS_CHANGE,
    # The set-up's meeting is not shared with the funder: its attachments are not theirs
    # (what each persona reads of a meeting: MEETING_CONTENT below).
    ("meeting_document", "GET"): MEETING_READERS | {"funder": 404},
    ("meeting_document_delete", "POST"): MODERATORS_CHANGE,
    ("meeting_calendar", "GET"): MEETING_READERS,
    ("meeting_pdf", "GET"): MEETING_READERS,
    ("calendar_settings", "GET"): signed_in(200),
    ("calendar_feed", "GET"): everyone(200),  # the secret token is the key
    ("report_list", "GET"): MEETING_READERS,
    ("report_list", "POST"): REPORT_ISSUERS,
    ("report_preview", "POST"): REPORT_ISSUERS,
    ("report_preview_job", "GET"): MODERATORS | {"service_provider": 403},
    ("report_preview_pdf", "GET"): MODERATORS | {"service_provider": 403},
    ("report", "GET"): MEETING_READERS,
    ("report_pdf", "GET"): MEETING_READERS,
    ("report_pdf_retry", "POST"): REPORT_ISSUERS,
    ("report_texts", "GET"): MODERATORS | {"service_provider": 403},
    ("confirmation_request", "POST"): REPORT_ISSUERS,
    # Confirming a municipality's figures: its own climate manager (administrators may act).
    ("confirm_figures", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                           climate_manager_a=302, superuser=302),  # fmt: skip
    ("report_texts", "POST"): REPORT_ISSUERS,
    ("report_xlsx", "GET"): MEETING_READERS,
    # Open data: the coordination publishes (the network's editors, as network_edit);
    # a published data set of a public network is for everybody, without signing in.
    ("opendata_manage", "GET"): signed_in(403, outsider=404, other_coordinator=404,
                                          coordinator=200, superuser=200),
    ("opendata_manage", "POST"): signed_in(403, outsider=404, other_coordinator=404,
                                           coordinator=302, superuser=302),
    ("opendata_index", "GET"): everyone(200),
    ("opendata_dataset", "GET"): everyone(200),
    ("opendata_csv", "GET"): everyone(200),
    ("opendata_json", "GET"): everyone(200),
    ("opendata_catalogue_ttl", "GET"): everyone(200),
    ("opendata_catalogue_jsonld", "GET"): everyone(200),
}  # fmt: skip
# A finance person keeps the finances of the organisation's networks and sees nothing
# else of them: everywhere else, finance people fare as outsiders do.
for _row in MATRIX.values():
    _row["finance"] = _row["other_finance"] = _row["outsider"]

# Finances (finances/access.py): the coordination and its finance people keep them,
# the network's funder reads them (403 on writes), everybody else gets 404, the other
# organisation's coordinator and finance person too.
FINANCE_READERS = signed_in(404, coordinator=200, finance=200, funder=200, superuser=200)
FINANCE_KEEPERS = signed_in(404, coordinator=200, finance=200, funder=403, superuser=200)
FINANCE_WRITES = signed_in(404, coordinator=302, finance=302, funder=403, superuser=302)
MATRIX |= {
    ("finances", "GET"): FINANCE_READERS,
    ("grant_edit", "GET"): FINANCE_KEEPERS,
    ("grant_edit", "POST"): FINANCE_WRITES,
    ("plan_edit", "GET"): FINANCE_KEEPERS,
    ("plan_edit", "POST"): FINANCE_WRITES,
    ("plan_versions", "GET"): FINANCE_READERS,
    ("plan_version", "GET"): FINANCE_READERS,
    ("receipts", "GET"): FINANCE_READERS,
    ("receipt_new", "GET"): FINANCE_KEEPERS,
    ("receipt_new", "POST"): FINANCE_WRITES,
    ("receipt_edit", "GET"): FINANCE_READERS,  # the funder reads the receipt
    ("receipt_edit", "POST"): FINANCE_WRITES,
    ("receipt_document", "GET"): FINANCE_READERS,
    ("belegliste_export", "GET"): FINANCE_READERS,  # CSV too: tests/finances/test_belegliste.py
    ("call_offs", "GET"): FINANCE_READERS,
    ("call_offs", "POST"): FINANCE_WRITES,
    ("call_off_edit", "GET"): FINANCE_KEEPERS,
    ("call_off_edit", "POST"): FINANCE_WRITES,
    ("proofs", "GET"): FINANCE_READERS,
    ("proof_new", "GET"): FINANCE_KEEPERS,
    ("proof_new", "POST"): FINANCE_WRITES,  # issues; tests/finances/test_proofs.py
    ("proof_file", "GET"): FINANCE_READERS,
    # Importing receipts: keepers only; a checked file shows its preview (200).
    ("receipt_import", "GET"): FINANCE_KEEPERS,
    ("receipt_import", "POST"): FINANCE_KEEPERS,
    ("receipt_import_confirm", "POST"): FINANCE_WRITES,
    ("receipt_import_cancel", "POST"): FINANCE_WRITES,
    ("receipt_import_template", "GET"): FINANCE_KEEPERS,
}

# The read-only API (api/, with the browser's session here; tokens: tests/api/): lists
# answer everyone signed in (with what they may see, tests/api/test_visibility.py),
# single objects 404 outside, as their pages do; without credentials 401, not a login
# redirect. The schema and its reference page are public: they hold no data.
API_LIST = everyone(200) | {"anonymous": 401}
API_NETWORK_OBJECT = everyone(404) | {
    "anonymous": 401,
    "climate_manager_a": 200,
    "climate_manager_b": 200,
    "service_provider": 200,
    "funder": 200,
    "coordinator": 200,
    "superuser": 200,
}
API_MEASURE_OBJECT = API_NETWORK_OBJECT | {"funder": 404}
API_FINANCE_OBJECT = everyone(404) | {
    "anonymous": 401,
    "coordinator": 200,
    "finance": 200,
    "funder": 200,
    "superuser": 200,
}
MATRIX |= {
    **{(f"api_{kind}-list", "GET"): API_LIST for kind in (
        "network", "participation", "measure", "meeting", "report", "receipt", "proof")},
    ("api_network-detail", "GET"): API_NETWORK_OBJECT,
    ("api_participation-detail", "GET"): API_NETWORK_OBJECT,
    ("api_measure-detail", "GET"): API_MEASURE_OBJECT,
    ("api_meeting-detail", "GET"): API_NETWORK_OBJECT,
    ("api_report-detail", "GET"): API_NETWORK_OBJECT,
    ("api_receipt-detail", "GET"): API_FINANCE_OBJECT,
    ("api_proof-detail", "GET"): API_FINANCE_OBJECT,
    ("api_schema", "GET"): everyone(200),
    ("api_docs", "GET"): everyone(200),
    ("api_not_found", "GET"): everyone(404),
    # Everyone keeps their own tokens; another's token is 404 (the coordinator's here).
    ("api_tokens", "GET"): signed_in(200, foreign_climate_manager=200, finance=200,
                                     other_finance=200),
    ("api_token_revoke", "POST"): signed_in(404, coordinator=302),
}  # fmt: skip
FINANCE_URLS = {name for name, _method in MATRIX if name in ("finances", "grant_edit", "plan_edit",
                "plan_versions", "plan_version", "receipts", "receipt_new", "receipt_edit",
                "receipt_document", "call_offs", "call_off_edit", "belegliste_export", "proofs",
                "proof_new", "proof_file", "receipt_import", "receipt_import_confirm",
                "receipt_import_cancel", "receipt_import_template")}  # fmt: skip
PROJECT_APPS = (
    "portal.", "api.", "opendata.", "reports.", "networks.", "measures.", "events.", "finances.",
)  # fmt: skip


def project_url_names(resolver=None) -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            names |= project_url_names(pattern)
        elif pattern.callback.__module__.startswith(PROJECT_APPS):
            names.add(pattern.name)
    return names


def test_every_project_url_is_in_the_matrix():
    assert project_url_names() == {name for name, _method in MATRIX}


def test_every_row_of_the_matrix_names_every_persona():
    for row, statuses in MATRIX.items():
        assert list(statuses) == PERSONAS, row


def url_of(name: str, personas, meeting: SimpleNamespace | None = None) -> tuple[str, dict]:
    """The URL to request, and the POST data, with objects of the personas' world (and
    of `matrix_meeting`'s, made for the meeting pages unless given)."""
    if name in ("invitation_revoke", "invitation_resend", "accept_invitation"):
        invitation = Invitation(
            email="neu@example.org",
            role="climate_manager",
            municipality=personas.municipality_a,
            organisation=personas.coordinator_org,
            invited_by=personas.coordinator,
        )
        token = new_token(invitation)
        invitation.save()
        if name == "accept_invitation":
            return reverse(name, args=[token]), {}
        return reverse(name, args=[invitation.pk]), {}
    if name in ("network_photo", "network_photo_delete"):
        photo = NetworkPhotoFactory(network=personas.network)
        return reverse(name, args=[personas.network.slug, photo.pk]), {}
    if name == "funder_logo":
        funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
        logo = add_organisation_logo(organisation=funder, upload=png_upload())
        personas.network.funder = funder
        personas.network.save()
        return reverse(name, args=[personas.network.slug, logo.pk]), {}
    if name == "network_photo_add":
        return reverse(name, args=[personas.network.slug]), {
            "image": png_upload(),
            "alt_text": "Foto",
        }
    if name in ("recruitment", "recruitment_take_in", "prospect_suggestions"):
        return reverse(name, args=[personas.network.slug]), {
            "municipality": MunicipalityFactory().name,
            "approached_on": "2022-01-10",
            "status": "approached",
        }
    if name in ("prospect_edit", "prospect_letter"):
        prospect = Prospect(
            network=personas.network, municipality=MunicipalityFactory(),
            status=Prospect.Status.DECLINED, approached_on=datetime.date(2022, 1, 10),
            answered_on=datetime.date(2022, 2, 1), decline_reason="Kein Personal",
        )  # fmt: skip
        prospect.letter.save("absage.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        prospect.letter_name, prospect.letter_content_type = "absage.pdf", "application/pdf"
        prospect.save()
        return reverse(name, args=[personas.network.slug, prospect.pk]), {}
    if name in (
        "network",
        "successor_new",
        "network_edit",
        "participant_suggestions",
        "compliance",
    ):
        return reverse(name, args=[personas.network.slug]), {}
    if name == "participant_add":
        new = MunicipalityFactory()
        data = {"municipality": new.name, "joined_on": "2023-01-01"}
        return reverse(name, args=[personas.network.slug]), data
    if name in ("participant", "participant_edit", "participant_remove", "mayors_report"):
        return reverse(name, args=[personas.network.slug, personas.municipality_a.slug]), {}
    if name == "public_network":
        personas.network.is_public = True
        personas.network.save()
        return reverse(name, args=[personas.network.slug]), {}
    if name.startswith("measure"):
        return measure_url_of(name, personas)
    if name.startswith("opendata"):
        return opendata_url_of(name, personas)
    if name in FINANCE_URLS:
        return finance_url_of(name, personas)
    if name.startswith("report") or name.startswith("confirm"):
        return report_url_of(name, personas)
    if name in EVENT_URLS:
        return event_url_of(name, personas, meeting)
    if name == "set_language":
        return reverse(name), {"language": "de", "next": "/"}
    if name.startswith("api_"):
        return api_url_of(name, personas)
    return reverse(name), {}


def api_url_of(name: str, personas) -> tuple[str, dict]:
    """The API's addresses, with an object of network "netzwerk-test" for each kind."""
    if name == "api_not_found":
        return "/api/v1/unbekannt/", {}
    if name == "api_token_revoke":
        token, _key = create_token(
            user=personas.coordinator, name="Dashboard", expires_on=timezone.localdate()
        )
        return reverse(name, args=[token.pk]), {}
    if not name.endswith("-detail"):
        return reverse(name), {}
    kind = name.removeprefix("api_").removesuffix("-detail")
    network = personas.network
    if kind == "network":
        return reverse(name, args=[network.slug]), {}
    if kind in ("receipt", "proof"):
        grant = Grant.objects.filter(network=network).first() or GrantFactory(network=network)
        if kind == "receipt":
            pk = ReceiptFactory(grant=grant, budget_line=BudgetLineFactory(grant=grant)).pk
        else:
            pk = Proof.objects.create(
                grant=grant, kind="final", figures={}, issued_at=timezone.now(),
                issued_by_name="Koordination", xlsx="a.xlsx", xlsx_sha256="0" * 64,
                belegliste="b.xlsx", belegliste_sha256="0" * 64,
            ).pk  # fmt: skip
        return reverse(name, args=[pk]), {}
    objects = {
        "participation": lambda: personas.participation_a,
        "measure": lambda: measure_url_of("measure", personas) and Measure.objects.latest("pk"),
        "meeting": lambda: matrix_meeting(personas).meeting,
        "report": lambda: Report.objects.create(
            network=network,
            kind="interim",
            period_start=network.term_start,
            period_end=network.term_start,
            figures={},
            issued_at=timezone.now(),
            issued_by_name="Koordination",
        ),  # fmt: skip
    }
    return reverse(name, args=[objects[kind]().pk]), {}


@pytest.fixture(scope="module")
def module_meeting(module_personas, django_db_blocker) -> SimpleNamespace:
    """The meeting pages' meeting, made once for the module like the personas."""
    with django_db_blocker.unblock():
        return matrix_meeting(module_personas)


@pytest.fixture
def pdfs_laid_out_by_nobody(monkeypatch):
    """The PDFs' templates render as always (with the persona's context), but
    WeasyPrint hands back a few bytes instead of laying them out: the matrix is about
    who gets a file, and laying out the reports and previews it asks for took a
    quarter of its time. How the PDFs read is tried in tests/reports and tests/events."""
    from weasyprint import HTML

    def write_pdf(self, *args, **kwargs) -> bytes:
        return b"%PDF-1.4\n% not laid out (tests/portal/test_permission_matrix.py)\n%%EOF\n"

    monkeypatch.setattr(HTML, "write_pdf", write_pdf)


@pytest.mark.parametrize(("name", "method"), list(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.usefixtures("pdfs_laid_out_by_nobody")
def test_permission_matrix(request, client, personas, module_meeting, name, method, persona):
    if name.startswith("measure"):
        # Climate managers change measures only while their network runs
        # (tests/measures/test_term_rules.py tries the ended network).
        request.getfixturevalue("running_networks")
    if persona != "anonymous":
        client.force_login(with_totp(getattr(personas, persona)))
    if name in PDF_PAGES:
        needs_pango()
    if name in HELP_PAGES:
        # A built site of one page, so the status does not depend on `make docs-build`.
        site = request.getfixturevalue("tmp_path") / "site"
        site.mkdir()
        (site / "index.html").write_text("<!doctype html><title>Hilfe</title>")
        request.getfixturevalue("settings").DOCS_ROOT = site
    url, data = url_of(name, personas, copy.deepcopy(module_meeting))
    # Irreversible actions ask first (lib.confirm); the matrix is about the action.
    data = {**data, "bestaetigt": "1"} if isinstance(data, dict) else data
    response = client.get(url) if method == "GET" else client.post(url, data)
    expected = MATRIX[(name, method)][persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected
    if response.status_code == 200 and name in PDF_PAGES:
        assert response["Content-Type"] == "application/pdf"


def finance_url_of(name: str, personas) -> tuple[str, dict]:
    """The finances pages of network "netzwerk-test": its grant with a line, a version
    of its plan, a receipt with its invoice, a call-off; POSTs carry valid data."""
    # A walk through every page (tests/portal/test_html_validity.py) asks again.
    grant = Grant.objects.filter(network=personas.network).first() or GrantFactory(
        network=personas.network
    )
    line = BudgetLineFactory(grant=grant)
    # Each call books another invoice (another gross), not the same one again, which
    # the checks would name an error that blocks the proofs.
    net = Decimal(1000 + grant.receipts.count())
    receipt = ReceiptFactory(grant=grant, budget_line=line, net=net, gross=net + 190)
    receipt.invoice.save("r.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    receipt.invoice_name, receipt.invoice_content_type = "r.pdf", "application/pdf"
    receipt.save()
    call_off = CallOffFactory(grant=grant)
    version = grant.plan_changes.first() or PlanChange.objects.create(
        grant=grant,
        number=1,
        changed_on=grant.period_start,
        reason="Zuwendungsbescheid",
        plan=plan_snapshot(grant),
    )
    slug = personas.network.slug
    receipt_data = {"number": "99", "kind": "expense", "payment_date": "2023-01-10",
                    "party": "Moderation GmbH", "reason": "Treffen", "net": "100", "vat": "19",
                    "budget_line": line.pk, "version": receipt.version}  # fmt: skip
    call_off_data = {"asked_on": "2023-02-01", "amount_asked": "500", "expected_amount": "500",
                     "version": call_off.version}  # fmt: skip
    if name in ("proof_new", "proof_file"):
        return proof_url_of(name, personas, grant)
    args = {"receipt_edit": [slug, receipt.pk], "receipt_document": [slug, receipt.pk, "rechnung"],
            "call_off_edit": [slug, call_off.pk], "plan_version": [slug, version.number],
            "belegliste_export": [slug, "xlsx"]}.get(name, [slug])  # fmt: skip
    data = {
        "grant_edit": {
            "period_start": "2022-07-01", "period_end": "2025-06-30", "funding_rate": "80",
            "maximum_grant": "200000", "interim_proof_months": "4", "final_proof_months": "6",
            "tolerance_percent": "20", "version": grant.version},
        "plan_edit": {f"line_{line.pk}_2023": "1000", "changed_on": "2023-01-01",
                      "reason": "Zuwendungsbescheid"},
        "receipt_new": receipt_data,
        "receipt_edit": receipt_data | {"number": "5"},
        "call_offs": call_off_data | {"intent": str(uuid.uuid4())},
        "call_off_edit": call_off_data,
        "receipt_import": {"file": ContentFile(
            f"Zahlungsdatum;Empfänger*in / Einzahler*in;Grund der Zahlung;"
            f"Ausgabenposition / Einnahmequelle;brutto (EUR)\r\n"
            f"10.01.2023;Moderation GmbH;Treffen;{line.name};119\r\n".encode(), "belege.csv")},
    }.get(name, {})  # fmt: skip
    return reverse(name, args=args), data


def proof_url_of(name: str, personas, grant) -> tuple[str, dict]:
    """The interim proof of 2022: its form, with a comment for each warning (the
    receipts lack their proof of payment), or the workbook of one issued."""
    slug = personas.network.slug
    scope = read_scope(grant, kind="interim", year=2022)
    warnings = identified(findings_of(scope, today=datetime.date.today()))
    comments = {f"comment_{w.id}": "Geklärt" for w in warnings}
    if name == "proof_new":
        needs_pango()
        data = {"language": "de", "intent": str(uuid.uuid4())} | comments
        return reverse(name, args=[slug, "zwischen-2022"]), data
    proof = issue_proof(
        grant=grant, kind="interim", year=2022, user=personas.superuser,
        confirmations={w.id: "Geklärt" for w in warnings}, token=None, notify=False,
        make_pdf=False,
    )  # fmt: skip
    return reverse(name, args=[slug, proof.pk, "xlsx"]), {}


def opendata_url_of(name: str, personas) -> tuple[str, dict]:
    """The open-data pages of network "netzwerk-test", public and published (with a
    measure), and the coordination's page with a valid decision to publish."""
    network = personas.network
    network.is_public = True
    network.save()
    MeasureFactory(participation=personas.participation_a)
    # Asked for once per page (test_html_validity asks for all pages in one test).
    publication = Publication.objects.filter(network=network).first()
    version = publication.version if publication else 0
    if name == "opendata_manage":
        data = {"licence": "dl-by-de/2.0", "action": "publish", "version": version}
        return reverse(name, args=[network.slug]), data
    if not (publication and publication.published):
        set_publication(network=network, user=personas.coordinator, publish=True,
                        licence="dl-by-de/2.0", base_version=version)  # fmt: skip
    if name in ("opendata_dataset", "opendata_csv", "opendata_json"):
        return reverse(name, args=[network.slug]), {}
    return reverse(name), {}


def measure_url_of(name: str, personas) -> tuple[str, dict]:
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    measure = MeasureFactory(participation=personas.participation_a, focus_area=area)
    if name in ("measure_document", "measure_document_delete"):
        document = add_document(measure=measure, user=personas.coordinator, upload=png_upload())
        return reverse(name, args=[measure.pk, document.pk]), {}
    if name in ("measure", "measure_edit"):
        return reverse(name, args=[measure.pk]), {}
    if name in ("measure_check", "measure_check_withdraw"):
        document = add_document(measure=measure, user=personas.coordinator, upload=png_upload())
        if name == "measure_check_withdraw":
            check_measure(measure=measure, user=personas.coordinator, document=document,
                          base_version=measure.version)  # fmt: skip
            measure.refresh_from_db()
        return reverse(name, args=[measure.pk]), {
            "document": document.pk,
            "version": measure.version,
        }
    if name == "measure_status":
        return reverse(name, args=[measure.pk]), {"status": "in_progress"}
    if name == "measure_library_sharing":
        # The version of the network's default settings, which have no row yet.
        return reverse(name, args=[personas.network.slug]), {"library_shared": "on", "version": 0}
    if name == "measure_note_add":
        return reverse(name, args=[measure.pk]), {"date": "2024-03-01", "text": "Angebote da."}
    if name == "measure_document_add":
        return reverse(name, args=[measure.pk]), {"file": png_upload()}
    if name == "measure_list":  # every municipality (a climate manager's own is the default)
        return reverse(name) + "?kommune=", {}
    if name == "measure_export":
        return reverse(name, args=["csv"]), {}
    if name == "measure_import_template":
        return reverse(name, args=[personas.network.slug]), {}
    if name == "measure_co2":
        return reverse(name), {"energy_savings_kwh": "1000"}
    return reverse(name), {}


def report_url_of(name: str, personas) -> tuple[str, dict]:
    network = personas.network
    period = {"kind": "final", "period_start": "2022-07-01", "period_end": "2025-06-30",
              "language": "de", "note": ""}  # fmt: skip
    if name == "report_list":
        # A final report without a draft: each written section left empty, for a reason.
        left_empty = {f"left_empty_{section}": "on" for section in LEFT_EMPTY} | {
            f"reason_{section}": reason for section, reason in LEFT_EMPTY.items()
        }
        return reverse(name, args=[network.slug]), period | left_empty | {
            "intent": str(uuid.uuid4())
        }
    if name == "confirmation_request":
        return reverse(name, args=[network.slug]), {
            "kind": "final",
            "period_start": "2022-07-01",
            "period_end": "2025-06-30",
        }
    if name == "confirm_figures":
        asked = ConfirmationRequest.objects.create(
            network=network, kind="final", period_start=network.term_start,
            period_end=network.term_end,
        )  # fmt: skip
        return reverse(name, args=[asked.pk, personas.municipality_a.slug]), {}
    if name == "report_texts":
        return reverse(name, args=[network.slug, "final"]), {"version": 0, "summary": "Gut."}
    if name == "report_preview":
        return reverse(name, args=[network.slug]), period
    if name in ("report_preview_job", "report_preview_pdf"):
        # Two people's previews: a person's next preview of the network replaces their
        # waiting one, whose page then answers 404.
        asker = personas.coordinator if name == "report_preview_pdf" else personas.superuser
        job = jobs.queue_preview(
            network=network, user=asker, kind="final",
            start=network.term_start, end=network.term_end, language="de", note="",
        )  # fmt: skip
        if name == "report_preview_pdf":
            run_tasks()  # the worker makes the preview
        return reverse(name, args=[network.slug, job]), {}
    report = issue_report(
        network=network, user=personas.coordinator, kind="final",
        period_start=network.term_start, period_end=network.term_end, notify=False,
        note="Zahlen geprüft.",  # a later version (the CSP walk issues several) needs one
        left_empty=LEFT_EMPTY,
    )  # fmt: skip
    if name == "report_pdf":
        run_tasks()  # the worker makes the PDF
    return reverse(name, args=[report.pk]), {}


EVENT_URLS = {
    "meeting_list", "network_meetings", "meeting_new", "meeting_series", "meeting",
    "meeting_edit", "meeting_cancel", "meeting_invite", "agenda_add", "agenda_edit",
    "agenda_delete", "agenda_move", "meeting_answer", "meeting_answer_link",
    "meeting_attendance", "minutes_edit", "minutes_finalise", "minutes_reopen",
    "minutes_versions", "decision_add", "decision_delete", "action_add", "action_delete",
    "action_done", "action_measure", "meeting_document_add", "meeting_document",
    "meeting_document_delete", "meeting_calendar", "meeting_pdf", "calendar_settings",
    "calendar_feed",
}  # fmt: skip


def matrix_meeting(personas) -> SimpleNamespace:
    """A meeting of the test network that began an hour ago (so attendance can be
    recorded and answers still given), with invitations sent, an agenda item and
    draft minutes with a decision and an action item of municipality A."""
    import datetime

    from django.utils import timezone

    from events import services
    from events.models import ActionItem, AgendaItem, Decision, Meeting

    now = timezone.now()
    meeting = Meeting.objects.create(
        network=personas.network,
        title="Netzwerktreffen",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        venue="Rathaus",
        moderator=personas.coordinator,
        outside_term_confirmed=True,
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    services.send_invitations(meeting=meeting, user=personas.coordinator)
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    action = ActionItem.objects.create(
        meeting=meeting,
        text="Angebote einholen",
        responsible_municipality=personas.municipality_a,
        due_on=datetime.date(2030, 1, 1),
    )
    decision = Decision.objects.create(meeting=meeting, text="Nächstes Treffen im Mai")
    services.save_minutes(
        meeting=meeting, user=personas.coordinator, text="# Protokoll", base_version=0
    )
    return SimpleNamespace(meeting=meeting, item=item, area=area, action=action, decision=decision)


def event_url_of(name: str, personas, world: SimpleNamespace | None = None) -> tuple[str, dict]:
    """The meeting pages ask for `matrix_meeting`'s meeting (made here unless given),
    its minutes final for minutes_reopen and an attachment for the document pages."""
    from events import services

    network = personas.network
    if name == "meeting_list":
        return reverse(name), {}
    if name in ("network_meetings", "meeting_new", "meeting_series"):
        return reverse(name, args=[network.slug]), {}
    if name == "calendar_settings":
        return reverse(name), {}
    if name == "calendar_feed":
        return reverse(name, args=[services.renew_calendar_feed(user=personas.coordinator)]), {}
    world = world or matrix_meeting(personas)
    meeting, item, area = world.meeting, world.item, world.area
    action, decision = world.action, world.decision
    if name == "minutes_reopen":
        services.finalise_minutes(meeting=meeting, user=personas.coordinator)
    if name in ("meeting_document", "meeting_document_delete"):
        document = services.add_meeting_document(
            meeting=meeting, user=personas.coordinator, upload=png_upload()
        )
    pk = meeting.pk
    if name in ("agenda_edit", "agenda_delete"):
        return reverse(name, args=[pk, item.pk]), {}
    if name == "agenda_move":
        return reverse(name, args=[pk, item.pk]), {"direction": "up"}
    if name == "agenda_add":
        return reverse(name, args=[pk]), {"title": "Berichte", "duration_minutes": "30"}
    if name == "meeting_answer":
        return reverse(name, args=[pk]), {"answer": "yes"}
    if name == "meeting_answer_link":
        invitee = meeting.invitees.get(user=personas.climate_manager_a)
        return reverse(name, args=[services.rsvp_token(invitee)]), {}
    if name == "decision_delete":
        return reverse(name, args=[pk, decision.pk]), {}
    if name == "decision_add":
        return reverse(name, args=[pk]), {"beschluss-text": "Beschlossen"}
    if name == "action_add":
        return reverse(name, args=[pk]), {
            "aufgabe-text": "Bericht schreiben",
            "aufgabe-responsible_municipality": personas.municipality_b.pk,
            "aufgabe-due_on": "2030-02-01",
        }
    if name == "action_done":
        return reverse(name, args=[pk, action.pk]), {"done": "1"}
    if name == "action_measure":
        return reverse(name, args=[pk, action.pk]), {"focus_area": area.pk}
    if name == "action_delete":
        return reverse(name, args=[pk, action.pk]), {}
    if name in ("meeting_document", "meeting_document_delete"):
        return reverse(name, args=[pk, document.pk]), {}  # the attachment made above
    if name == "meeting_document_add":
        return reverse(name, args=[pk]), {"file": png_upload()}
    return reverse(name, args=[pk]), {}


# -- what each persona reads of a meeting (events.access.meeting_parts_for) -----------

ATTENDEE = "Anna Anwesend"  # present for municipality A, without an account
PRESENTER = "Petra Vortrag"  # presents an agenda item
MINUTES_SENTENCE = "Die Kommunen schreiben die LED-Umrüstung gemeinsam aus."
# (persona, shared with the funder) -> status of the meeting's page, PDF and calendar
# file; whether page and PDF name the people; whether they carry the minutes; the
# status of an attachment and of the minutes' versions.
MEETING_CONTENT = {
    ("coordinator", False): (200, True, True, 200, 200),
    ("service_provider", False): (200, True, True, 200, 200),
    ("climate_manager_b", False): (200, True, True, 200, 200),  # another municipality's
    ("funder", False): (200, False, False, 404, 403),
    ("funder", True): (200, False, True, 200, 200),
    ("other_funder", True): (404, False, False, 404, 404),  # the funder of another network
    ("other_coordinator", True): (404, False, False, 404, 404),
    ("foreign_climate_manager", True): (404, False, False, 404, 404),
    ("outsider", True): (404, False, False, 404, 404),
}


def recorded_meeting(personas, *, shared: bool):
    """A held meeting of the test network with what a funder must not read unshared:
    a presenter, people present by name, final minutes, an action item of a named
    person and an attachment."""
    from django.utils import timezone

    from events import services
    from events.models import ActionItem, AgendaItem, Attendance, Meeting

    start = timezone.now() - datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        network=personas.network, title="Treffen mit Protokoll", starts_at=start,
        ends_at=start + datetime.timedelta(hours=3), venue="Rathaus",
        moderator=personas.coordinator, outside_term_confirmed=True,
        shared_with_funder=shared, status=Meeting.Status.HELD,
    )  # fmt: skip
    AgendaItem.objects.create(meeting=meeting, position=1, title="Berichte", presenter=PRESENTER)
    for name in (ATTENDEE, "Bernd Anwesend"):
        Attendance.objects.create(meeting=meeting, name=name, municipality=personas.municipality_a)
    ActionItem.objects.create(
        meeting=meeting, text="Angebote einholen", responsible_person=personas.climate_manager_a,
        responsible_municipality=personas.municipality_a, due_on=datetime.date(2030, 1, 1),
    )  # fmt: skip
    services.save_minutes(
        meeting=meeting, user=personas.coordinator, text=f"# Ergebnisse\n\n{MINUTES_SENTENCE}",
        base_version=0,
    )  # fmt: skip
    services.finalise_minutes(meeting=meeting, user=personas.coordinator, notify=False)
    document = services.add_meeting_document(
        meeting=meeting, user=personas.coordinator, upload=png_upload()
    )
    return meeting, document


def reader(personas, persona: str):
    if persona == "other_funder":
        from networks.models import Membership, Role
        from tests.factories import UserFactory

        user = UserFactory(email="foerderung.fremd@example.org")
        Membership.objects.create(user=user, role=Role.FUNDER, network=personas.other_network)
        return user
    return with_totp(getattr(personas, persona))


@pytest.mark.parametrize(("persona", "shared"), list(MEETING_CONTENT))
def test_what_each_persona_reads_of_a_meeting(client, personas, persona, shared):
    import pypdf

    from events import services

    needs_pango()
    status, names, minutes, document_status, versions_status = MEETING_CONTENT[(persona, shared)]
    meeting, document = recorded_meeting(personas, shared=shared)
    user = reader(personas, persona)
    client.force_login(user)
    page = client.get(reverse("meeting", args=[meeting.pk]))
    pdf = client.get(reverse("meeting_pdf", args=[meeting.pk]))
    ics = client.get(reverse("meeting_calendar", args=[meeting.pk]))
    assert (page.status_code, pdf.status_code, ics.status_code) == (status, status, status)
    assert client.get(document.get_absolute_url()).status_code == document_status
    versions = client.get(reverse("minutes_versions", args=[meeting.pk]))
    assert versions.status_code == versions_status
    feed = client.get(reverse("calendar_feed", args=[services.renew_calendar_feed(user=user)]))
    feed_text = feed.content.decode()
    # The feed lists the meetings of one's networks, never names or minutes.
    assert ("Treffen mit Protokoll" in feed_text) is (status == 200)
    for text in (ATTENDEE, "Bernd Anwesend", MINUTES_SENTENCE, "LED-Umrüstung"):
        assert text not in feed_text
        assert text not in ics.content.decode()
    if status != 200:
        return
    html = page.content.decode()
    pdf_text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    manager = personas.climate_manager_a.get_full_name()
    for text in (html, pdf_text):
        assert "Berichte" in text  # the agenda, for everybody in the network
        assert (ATTENDEE in text) is names
        assert (PRESENTER in text) is names
        assert (manager in text) is (names and minutes)  # the action item's person
        assert (MINUTES_SENTENCE in text) is minutes
        assert ("Angebote einholen" in text) is minutes
        if not names:
            assert "2 Personen" in text  # Altenbeken's attendance, counted
    assert (document.get_absolute_url() in html) is (document_status == 200)
    if versions_status == 200 and not names:
        assert manager not in versions.content.decode()
        assert personas.coordinator.get_full_name() not in versions.content.decode()
