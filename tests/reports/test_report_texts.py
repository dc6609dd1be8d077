"""The written sections of a report: the coordination drafts them (Markdown, sanitised),
sees them as the report will show them, and issuing freezes them with the figures."""

import datetime
import io

import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reports import issuing, rendering
from reports.models import ReportDraft
from tests.factories import NetworkFactory, ReportFactory
from tests.helpers import needs_pango, with_totp
from tests.reports.test_reports import founded_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def texts_url(network, kind="final") -> str:
    return reverse("report_texts", args=[network.slug, kind])


def save(client, network, version=0, **texts):
    return client.post(texts_url(network), {"version": version, **texts})


def pdf_pages(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_coordinator_drafts_the_texts_and_sees_them_as_the_report_will(client, personas):
    client.force_login(with_totp(personas.coordinator))
    page = client.get(texts_url(personas.network))
    assert page.status_code == 200
    assert "Noch keine Texte gespeichert." in page.content.decode()
    response = save(
        client,
        personas.network,
        summary="Zehn Kommunen haben **viel** erreicht.\n\n# Im Einzelnen\n\n"
        "<script>alert(1)</script>",
        outlook="Weiter so.",
    )
    assert response.status_code == 302
    draft = ReportDraft.objects.get(network=personas.network, kind="final")
    assert draft.version == 1
    assert draft.updated_by == personas.coordinator
    assert draft.texts() == {
        "summary": "Zehn Kommunen haben **viel** erreicht.\n\n# Im Einzelnen\n\n"
        "<script>alert(1)</script>",
        "outlook": "Weiter so.",
    }
    html = client.get(texts_url(personas.network)).content.decode()
    assert "Die Texte sind gespeichert." in html
    assert "Zehn Kommunen haben <strong>viel</strong> erreicht." in html
    assert "<h3>Im Einzelnen</h3>" in html  # the writer's heading below the section's
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_two_people_editing_at_once_do_not_overwrite_each_other(client, personas):
    client.force_login(with_totp(personas.coordinator))
    assert save(client, personas.network, version=0, summary="Erste Fassung.").status_code == 302
    late = save(client, personas.network, version=0, summary="Zweite, ohne die erste gesehen.")
    assert late.status_code == 409
    assert "Jemand hat das inzwischen geändert" in late.content.decode()
    assert ReportDraft.objects.get().summary == "Erste Fassung."
    # Saving again from the page that showed the conflict is a deliberate overwrite.
    again = save(client, personas.network, version=1, summary="Zweite, jetzt bewusst.")
    assert again.status_code == 302
    assert ReportDraft.objects.get().summary == "Zweite, jetzt bewusst."


def test_drafts_are_the_coordinations_alone(client, personas):
    with pytest.raises(PermissionDenied):
        issuing.save_report_draft(
            network=personas.network, user=personas.other_coordinator, kind="final",
            texts={"summary": "Übernommen."}, version=0,
        )  # fmt: skip
    client.force_login(with_totp(personas.other_coordinator))
    assert save(client, personas.network, summary="Übernommen.").status_code == 404
    client.force_login(personas.climate_manager_a)
    assert client.get(texts_url(personas.network)).status_code == 403
    assert not ReportDraft.objects.exists()
    client.force_login(with_totp(personas.coordinator))
    assert client.get(texts_url(personas.network, kind="annual")).status_code == 404


def test_issuing_freezes_the_texts_and_later_drafts_do_not_change_the_report(personas):
    issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind="final",
        texts={"summary": "So war es.", "lessons": "Das lernten wir."}, version=0,
    )  # fmt: skip
    report = ReportFactory(network=personas.network)
    assert report.texts == {"summary": "So war es.", "lessons": "Das lernten wir."}
    issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind="final",
        texts={"summary": "Ganz anders."}, version=1,
    )  # fmt: skip
    report.refresh_from_db()
    assert report.texts["summary"] == "So war es."
    # An interim report takes the interim draft (none here), not the final one's.
    interim = ReportFactory(
        network=personas.network,
        kind="interim",
        period_start=datetime.date(2022, 7, 1),
        period_end=datetime.date(2023, 6, 30),
    )
    assert interim.texts == {}


def test_the_pdf_has_the_sections_in_order_in_its_table_of_contents(personas):
    needs_pango()
    # Founded within the report's period: its outlook names it.
    successor = founded_on(
        NetworkFactory(
            name="Klimaschutz-Netzwerk Paderborner Land 2", predecessor=personas.network
        ),
        datetime.date(2023, 5, 1),
    )
    # An interim report: a final one has each section, or a reason printed in its place
    # (tests/reports/test_report_issuing.py).
    issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind="interim",
        texts={"summary": "Zehn Kommunen, drei Jahre.",
               "how_it_worked": "Vierteljährliche Treffen.\n\n## Exkursionen\n\nZwei.",
               "outlook": "Es geht weiter."},
        version=0,
    )  # fmt: skip
    report = ReportFactory(
        network=personas.network, kind="interim",
        period_start=datetime.date(2022, 7, 1), period_end=datetime.date(2023, 6, 30),
    )  # fmt: skip
    pages = pdf_pages(rendering.report_pdf(report))
    contents = pages[1]
    order = ["Zusammenfassung", "Arbeit im Netzwerk", "Ergebnisse auf einen Blick",
             "Netzwerktreffen im Berichtszeitraum", "Ausblick", "Anhang"]  # fmt: skip
    positions = [contents.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Ausgangslage und Ziele" not in contents  # left empty, so left out
    body = " ".join(pages[1:])  # the text starts under the contents
    assert "Zusammenfassung Zehn Kommunen, drei Jahre." in body
    assert "Exkursionen Zwei." in body
    assert (
        f"Ausblick Es geht weiter. Die Arbeit wird im Nachfolgenetzwerk {successor.name} "
        "fortgesetzt." in body
    )


def test_the_preview_shows_the_draft(client, personas):
    needs_pango()
    issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind="final",
        texts={"summary": "Noch ein Entwurf."}, version=0,
    )  # fmt: skip
    content = rendering.preview_pdf(
        network=personas.network, kind="final", start=personas.network.term_start,
        end=personas.network.term_end, language="de", note="",
    )  # fmt: skip
    assert "Zusammenfassung Noch ein Entwurf." in " ".join(pdf_pages(content))


def test_a_short_text_per_municipality_goes_into_its_section(client, personas):
    needs_pango()
    client.force_login(with_totp(personas.coordinator))
    a, b = personas.municipality_a, personas.municipality_b
    page = client.get(texts_url(personas.network)).content.decode()
    assert f"Kurztext zu {a.name}" in page
    response = save(client, personas.network, **{
        f"municipality_{a.ags}": "Altenbeken hat **alle** Straßenlampen umgerüstet.",
        f"municipality_{b.ags}": "",
    })  # fmt: skip
    assert response.status_code == 302
    html = client.get(texts_url(personas.network)).content.decode()
    assert "Altenbeken hat <strong>alle</strong> Straßenlampen umgerüstet." in html
    report = ReportFactory(network=personas.network)
    assert report.texts == {
        "municipalities": {a.ags: "Altenbeken hat **alle** Straßenlampen umgerüstet."}
    }
    body = " ".join(pdf_pages(rendering.report_pdf(report))[2:])
    section = body[body.index(f"Ergebnisse je Kommune {a.name}") :]
    assert section.index(a.name) < section.index("Altenbeken hat alle Straßenlampen")
    assert section.index("Altenbeken hat alle Straßenlampen") < section.index(b.name)


def test_texts_only_for_municipalities_of_the_network(personas):
    other = personas.other_network.participations.exclude(
        municipality=personas.municipality_a
    ).first()
    texts = {personas.municipality_a.ags: "Ja."}
    if other is not None:
        texts[other.municipality.ags] = "Nein."
    texts["12345678"] = "Gibt es nicht."
    draft = issuing.save_report_draft(
        network=personas.network, user=personas.coordinator, kind="final", texts={},
        version=0, municipality_texts=texts,
    )  # fmt: skip
    assert draft.municipality_texts == {personas.municipality_a.ags: "Ja."}
