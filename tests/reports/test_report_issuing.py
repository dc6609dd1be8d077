"""Issuing a final report (issue 31): it needs its written sections, or a recorded
decision to leave one empty, with the reason printed where the section would stand;
and the coordinator confirms, having been told who will be mailed."""

import datetime
import html
import io
import re
import uuid

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from networks.models import Membership
from reports import issuing, rendering
from reports.models import Report
from tests.factories import UserFactory
from tests.helpers import needs_pango, run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

FIRST_YEAR = (datetime.date(2022, 7, 1), datetime.date(2023, 6, 30))
WRITTEN = {
    "summary": "Zwei Kommunen, drei Jahre.",
    "starting_point": "Keine hatte ein Energiemanagement.",
    "how_it_worked": "Vierteljährliche Treffen.",
    "lessons": "Feste Termine helfen.",
    "outlook": "Es geht weiter.",
}  # everything but "results"
REASON = "Die Ergebnisse zeigen die Zahlen und Diagramme des Berichts."
MISSING_RESULTS = (
    "Im Schlussbericht fehlt der Abschnitt „Ergebnisse“. Schreiben Sie ihn unter „Texte "
    "des Berichts“, oder lassen Sie ihn bewusst leer und nennen Sie kurz den Grund."
)


def draft(personas, texts=WRITTEN, kind="final"):
    issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind=kind, texts=texts, version=0
    )


def issue(personas, kind="final", period=None, **kwargs):
    start, end = period or (personas.network.term_start, personas.network.term_end)
    return issuing.issue_report(
        network=personas.network, user=personas.coordinator, kind=kind,
        period_start=start, period_end=end, notify=False, **kwargs,
    )  # fmt: skip


def post(client, personas, **data):
    client.force_login(with_totp(personas.coordinator))
    values = {"kind": "final", "period_start": "2022-07-01", "period_end": "2025-06-30",
              "language": "de", "note": "", "intent": str(uuid.uuid4()),
              "bestaetigt": "1"} | data  # fmt: skip
    return client.post(reverse("report_list", args=[personas.network.slug]), values)


def pdf_pages(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


# The rule, in the service -----------------------------------------------------------------


def test_a_final_report_without_its_written_sections_is_refused_naming_them(personas):
    draft(personas, {"summary": "Nur die Zusammenfassung."})
    with pytest.raises(ValidationError) as refused:
        issue(personas)
    assert refused.value.messages == [
        "Im Schlussbericht fehlen die Abschnitte „Ausgangslage und Ziele“, „Arbeit im "
        "Netzwerk“, „Ergebnisse“, „Erfahrungen und Erkenntnisse“, „Ausblick“. Schreiben Sie "
        "sie unter „Texte des Berichts“, oder lassen Sie jeden bewusst leer und nennen Sie "
        "kurz den Grund."
    ]
    assert not Report.objects.exists()


def test_a_final_report_without_any_draft_is_refused(personas):
    with pytest.raises(ValidationError) as refused:
        issue(personas, note="Nur eine Bemerkung.")
    assert "„Zusammenfassung“" in refused.value.messages[0]
    assert "„Ausblick“" in refused.value.messages[0]
    assert not Report.objects.exists()


def test_a_decision_without_a_reason_is_no_decision(personas):
    draft(personas)
    with pytest.raises(ValidationError) as refused:
        issue(personas, left_empty={"results": "   "})
    assert refused.value.messages == [MISSING_RESULTS]
    with pytest.raises(ValidationError) as too_long:
        issue(personas, left_empty={"results": "x" * 501})
    assert too_long.value.messages == [
        "Der Grund für „Ergebnisse“ ist zu lang: höchstens 500 Zeichen."
    ]
    assert not Report.objects.exists()


def test_a_final_report_keeps_the_decision_to_leave_a_section_empty(personas):
    draft(personas)
    report = issue(personas, left_empty={"results": f"  {REASON} ", "summary": "Steht doch da."})
    # Only the section without text keeps its reason; the written one is the report's.
    assert report.left_empty == {"results": REASON}
    assert report.texts == WRITTEN
    report.refresh_from_db()
    assert report.left_empty == {"results": REASON}


def test_the_reason_is_printed_where_the_section_would_stand(personas):
    needs_pango()
    draft(personas, {name: text for name, text in WRITTEN.items() if name != "outlook"})
    report = issue(personas, left_empty={"results": REASON, "outlook": "Kommt später."})
    pages = pdf_pages(rendering.report_pdf(report))
    contents, body = pages[1], " ".join(pages[1:])  # the text starts under the contents
    body = re.sub(r"Netzwerk Test · Förderkennzeichen \S+ Seite \d+ von \d+ ", "", body)  # footers
    assert "Ergebnisse ..." in contents  # in the table of contents, with its page
    assert "Ausblick ..." in contents
    assert (
        f"Arbeit im Netzwerk Vierteljährliche Treffen. Ergebnisse Dieser Abschnitt wurde "
        f"bewusst leer gelassen: {REASON} Ergebnisse auf einen Blick" in body
    )
    assert "Ausblick Dieser Abschnitt wurde bewusst leer gelassen: Kommt später." in body


def test_interim_reports_need_no_written_sections(personas):
    report = issue(personas, "interim", FIRST_YEAR, left_empty={"results": REASON})
    assert (report.kind, report.texts, report.left_empty) == ("interim", {}, {})


# The form ---------------------------------------------------------------------------------


def test_the_form_refuses_a_final_report_without_its_sections_and_says_which(client, personas):
    draft(personas)
    response = post(client, personas)
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [MISSING_RESULTS]
    assert html.escape(MISSING_RESULTS) in response.content.decode()
    assert not Report.objects.exists()


def test_a_ticked_box_without_a_reason_is_refused(client, personas):
    draft(personas)
    response = post(client, personas, left_empty_results="on", reason_results="")
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [MISSING_RESULTS]
    # A reason without the box ticked is no decision either.
    response = post(client, personas, reason_results=REASON)
    assert response.status_code == 422
    assert not Report.objects.exists()


def test_the_coordinator_issues_a_final_report_with_a_section_left_empty(client, personas):
    draft(personas)
    response = post(client, personas, left_empty_results="on", reason_results=REASON)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.left_empty == {"results": REASON}


def test_the_form_offers_a_choice_for_each_section_without_text(client, personas):
    draft(personas)
    client.force_login(with_totp(personas.coordinator))
    page = client.get(reverse("report_list", args=[personas.network.slug]))
    assert page.context["form"].empty_sections == ["results"]
    text = page.content.decode()
    assert "„Ergebnisse“ bewusst leer lassen" in text
    assert 'name="reason_results"' in text
    assert 'name="left_empty_summary"' not in text  # written: nothing to decide


def test_an_interim_report_is_issued_from_the_form_without_sections(client, personas):
    response = post(client, personas, kind="interim", period_end="2023-06-30")
    assert response.status_code == 302
    assert Report.objects.get().kind == "interim"


# Confirming, with the recipients named ------------------------------------------------------


def test_the_page_names_the_funders_that_issuing_mails(client, personas):
    inactive = UserFactory(email="frueher.foerderung@example.org", is_active=False)
    Membership.objects.create(
        user=inactive, role=Membership.Role.FUNDER, network=personas.network,
        organisation=Membership.objects.get(user=personas.funder).organisation,
    )  # fmt: skip
    client.force_login(with_totp(personas.coordinator))
    page = client.get(reverse("report_list", args=[personas.network.slug]))
    named = f"{personas.funder.get_full_name()} ({personas.funder.email})"
    assert page.context["recipients"] == [named]
    text = page.content.decode()
    assert f"<li>{html.escape(named)}</li>" in text
    # The form's question (static/js/confirm.js asks it in a dialog) names them too.
    assert f"Sofort per E-Mail benachrichtigt wird: {html.escape(named)}." in text
    assert 'data-confirm-button="Ja, ausstellen und benachrichtigen"' in text
    assert inactive.email not in text
    # The preview button sends the same form and asks nothing.
    assert "formnovalidate data-confirm-skip>" in text


def test_a_network_without_funders_says_nobody_is_mailed(client, personas):
    Membership.objects.filter(role=Membership.Role.FUNDER).delete()
    client.force_login(with_totp(personas.coordinator))
    text = client.get(reverse("report_list", args=[personas.network.slug])).content.decode()
    assert (
        "Das Netzwerk hat keine Fördermittelgeber im Portal; beim Ausstellen wird niemand "
        "benachrichtigt." in text
    )
    assert 'data-confirm-button="Ja, ausstellen"' in text


def test_issuing_asks_for_confirmation_first_and_names_the_recipients(
    client, personas, django_capture_on_commit_callbacks
):
    draft(personas)
    fields = {"left_empty_results": "on", "reason_results": REASON}
    with django_capture_on_commit_callbacks(execute=True):
        asked = post(client, personas, bestaetigt="", **fields)
    assert asked.status_code == 200
    assert [t.name for t in asked.templates][0] == "includes/confirm_page.html"
    text = asked.content.decode()
    assert "<h1>Bericht ausstellen?</h1>" in text
    assert personas.funder.email in text
    assert not Report.objects.exists()
    run_tasks()
    assert mail.outbox == []
    # The page sends the same fields again, confirmed: now it is issued, and mailed.
    question = asked.context["question"]
    assert question.confirm == "Ja, ausstellen und benachrichtigen"
    again = dict(asked.context["fields"]) | {"bestaetigt": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        issued = client.post(reverse("report_list", args=[personas.network.slug]), again)
    report = Report.objects.get()
    assert issued["Location"] == report.get_absolute_url()
    assert report.left_empty == {"results": REASON}
    run_tasks()
    assert [message.to for message in mail.outbox] == [[personas.funder.email]]


def test_a_form_with_mistakes_is_shown_before_anything_is_asked(client, personas):
    response = post(client, personas, bestaetigt="")
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert not Report.objects.exists()


def test_a_coordinator_of_another_organisation_gets_404(client, personas):
    draft(personas)
    client.force_login(with_totp(personas.other_coordinator))
    url = reverse("report_list", args=[personas.network.slug])
    assert client.get(url).status_code == 404
    data = {"kind": "final", "period_start": "2022-07-01", "period_end": "2025-06-30",
            "language": "de", "intent": str(uuid.uuid4()), "left_empty_results": "on",
            "reason_results": REASON}  # fmt: skip
    assert client.post(url, data).status_code == 404
    assert client.post(url, data | {"bestaetigt": "1"}).status_code == 404
    assert not Report.objects.exists()
