"""The Gewinnungsphase: prospects with their written answers, the checklist for the
application, and taking the confirmed municipalities in as participants."""

import datetime
import os
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lib.conflicts import EditConflict
from networks.models import Participation, Prospect
from networks.recruitment import checklist, save_prospect, take_in_confirmed
from tests.factories import MunicipalityFactory
from tests.helpers import messages_of, violates, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
DAY = datetime.date(2022, 1, 10)


def letter(name="Absichtserklärung.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def confirmed(personas, municipality=None, *, target="100", upload=True, **fields):
    prospect = Prospect(
        network=personas.network,
        municipality=municipality or MunicipalityFactory(),
        status=Prospect.Status.CONFIRMED,
        approached_on=DAY,
        answered_on=DAY + datetime.timedelta(days=20),
        target_energy_mwh=Decimal(target) if target else None,
        **fields,
    )
    return save_prospect(
        prospect=prospect, user=personas.coordinator, letter=letter() if upload else None
    )


class TestRules:
    def test_a_confirmation_counts_only_in_writing(self, personas):
        prospect = Prospect(
            network=personas.network, municipality=MunicipalityFactory(),
            status=Prospect.Status.CONFIRMED, approached_on=DAY,
        )  # fmt: skip
        with pytest.raises(ValidationError) as excinfo:
            prospect.full_clean()
        assert messages_of(excinfo) == {
            "answered_on": ["Bitte das Datum der schriftlichen Zusage angeben."],
            "letter": [
                "Eine Zusage zählt erst schriftlich: bitte die Absichtserklärung hochladen."
            ],
        }
        with violates("networks_prospect_confirmed_in_writing"):
            prospect.save()

    def test_a_refusal_needs_its_date_and_reason(self, personas):
        prospect = Prospect(
            network=personas.network, municipality=MunicipalityFactory(),
            status=Prospect.Status.DECLINED, approached_on=DAY, answered_on=DAY,
        )  # fmt: skip
        with pytest.raises(ValidationError) as excinfo:
            prospect.full_clean()
        assert messages_of(excinfo) == {"decline_reason": ["Bitte den Grund der Absage angeben."]}
        with violates("networks_prospect_declined_with_reason"):
            prospect.save()

    def test_no_step_before_the_first_approach(self, personas):
        prospect = Prospect(
            network=personas.network, municipality=MunicipalityFactory(),
            approached_on=DAY, interested_on=DAY - datetime.timedelta(days=1),
        )  # fmt: skip
        with pytest.raises(ValidationError) as excinfo:
            prospect.full_clean()
        assert messages_of(excinfo) == {
            "interested_on": ["Das Datum kann nicht vor der ersten Ansprache liegen."]
        }
        with violates("networks_prospect_interest_after_approach"):
            prospect.save()

    def test_a_municipality_is_recruited_once_per_network(self, personas):
        confirmed(personas, personas.municipality_c)
        with pytest.raises(ValidationError) as excinfo:
            confirmed(personas, personas.municipality_c)
        assert messages_of(excinfo)["__all__"] == [
            "Diese Kommune steht in der Gewinnung dieses Netzwerks bereits."
        ]


class TestService:
    def test_the_coordination_records_a_confirmation_with_its_letter(self, personas):
        prospect = confirmed(personas, personas.municipality_c)
        prospect.refresh_from_db()
        assert prospect.letter_name == "Absichtserklärung.pdf"
        assert prospect.letter_content_type == "application/pdf"
        assert prospect.letter.read() == PDF
        assert prospect.history.first().history_user == personas.coordinator

    def test_a_letter_that_is_no_document_is_refused_and_nothing_is_kept(self, personas):
        with pytest.raises(ValidationError) as excinfo:
            save_prospect(
                prospect=Prospect(network=personas.network, municipality=personas.municipality_c,
                                  approached_on=DAY),
                user=personas.coordinator,
                letter=letter("brief.pdf", b"<script>alert(1)</script>"),
            )  # fmt: skip
        assert "Erlaubt sind PDF" in str(excinfo.value)
        assert not Prospect.objects.exists()

    @pytest.mark.parametrize(
        "persona", ["other_coordinator", "service_provider", "funder", "climate_manager_a"]
    )
    def test_only_the_networks_coordination_records(self, personas, persona):
        with pytest.raises(PermissionDenied):
            save_prospect(
                prospect=Prospect(network=personas.network, municipality=personas.municipality_c,
                                  approached_on=DAY),
                user=getattr(personas, persona),
            )  # fmt: skip

    def test_two_adding_one_municipality_at_once_get_a_message_and_no_file_stays(
        self, personas, monkeypatch
    ):
        confirmed(personas, personas.municipality_c)
        # The second passed its checks before the first was saved: only the database
        # sees the duplicate.
        monkeypatch.setattr(Prospect, "validate_unique", lambda self, exclude=None: None)
        monkeypatch.setattr(Prospect, "validate_constraints", lambda self, exclude=None: None)
        late = Prospect(
            network=personas.network,
            municipality=personas.municipality_c,
            status=Prospect.Status.CONFIRMED,
            approached_on=DAY,
            answered_on=DAY,
        )
        with pytest.raises(ValidationError) as excinfo:
            save_prospect(prospect=late, user=personas.coordinator, letter=letter())
        assert excinfo.value.messages == [
            "Diese Kommune steht in der Gewinnung dieses Netzwerks bereits."
        ]
        stored = {p.letter.name for p in Prospect.objects.all()}
        folder = Prospect.objects.get().letter.storage.path("gewinnung")
        assert {f"gewinnung/{name}" for name in os.listdir(folder)} == stored

    def test_a_stale_form_does_not_overwrite_a_newer_step(self, personas):
        prospect = save_prospect(
            prospect=Prospect(network=personas.network, municipality=personas.municipality_c,
                              approached_on=DAY),
            user=personas.coordinator,
        )  # fmt: skip
        first, second = (Prospect.objects.get(pk=prospect.pk) for _ in range(2))
        first.status = Prospect.Status.INTERESTED
        first.interested_on = DAY
        save_prospect(prospect=first, user=personas.coordinator, base_version=1)
        second.notes = "Alter Stand"
        with pytest.raises(EditConflict):
            save_prospect(prospect=second, user=personas.coordinator, base_version=1)
        assert Prospect.objects.get(pk=prospect.pk).status == Prospect.Status.INTERESTED


class TestChecklist:
    def states(self, network, today=DAY):
        return [check.state for check in checklist(network, today=today)]

    def test_nothing_recorded_yet(self, personas):
        assert self.states(personas.network) == ["red", "amber", "amber", "amber", "amber"]

    def test_six_confirmations_in_writing_with_targets_meet_the_rules(self, personas):
        personas.network.term_start = datetime.date(2022, 7, 1)
        for _ in range(6):
            confirmed(personas)
        assert self.states(personas.network) == ["green", "green", "green", "green", "amber"]
        take_in_confirmed(network=personas.network, user=personas.coordinator)
        assert self.states(personas.network)[-1] == "green"

    def test_open_answers_a_missing_target_and_a_long_recruitment_are_named(self, personas):
        network = personas.network
        network.term_start = datetime.date(2023, 7, 1)  # 18 months after the first approach
        for _ in range(5):
            confirmed(personas)
        confirmed(personas, MunicipalityFactory(name="Zielos"), target=None)
        save_prospect(
            prospect=Prospect(network=network, municipality=MunicipalityFactory(),
                              approached_on=DAY),
            user=personas.coordinator,
        )  # fmt: skip
        checks = checklist(network, today=datetime.date(2023, 3, 1))
        assert [c.state for c in checks] == ["green", "amber", "red", "amber", "amber"]
        assert checks[1].finding == "1 Kommune hat noch nicht schriftlich geantwortet."
        assert checks[2].finding == (
            "Erste Ansprache am 10.01.2022; die 12 Monate enden am 10.01.2023, "
            "die Laufzeit beginnt am 01.07.2023."
        )
        assert checks[3].finding == "Zielos"


class TestTakingIn:
    def test_fewer_than_six_confirmations_are_not_enough(self, personas):
        for _ in range(5):
            confirmed(personas)
        with pytest.raises(ValidationError) as excinfo:
            take_in_confirmed(network=personas.network, user=personas.coordinator)
        assert "Erst ab 6 schriftlichen Zusagen: bisher 5." in str(excinfo.value)
        assert not Participation.objects.filter(prospect__isnull=False).exists()

    def test_confirmed_municipalities_join_with_their_targets_once(self, personas):
        network = personas.network
        already = confirmed(personas, personas.municipality_a, target="50")  # takes part
        new = [confirmed(personas, target=str(100 + n)) for n in range(5)]
        taken = take_in_confirmed(network=network, user=personas.coordinator,
                                  today=datetime.date(2021, 12, 1))  # fmt: skip
        assert sorted(p.municipality_id for p in taken) == sorted(p.municipality_id for p in new)
        for prospect in new:
            prospect.refresh_from_db()
            assert prospect.participation.joined_on == network.term_start
            assert prospect.participation.target_energy_mwh == prospect.target_energy_mwh
        already.refresh_from_db()
        assert already.participation == personas.participation_a
        assert take_in_confirmed(network=network, user=personas.coordinator) == []

    def test_a_municipality_taken_in_keeps_its_confirmation(self, personas):
        for _ in range(6):
            confirmed(personas)
        take_in_confirmed(network=personas.network, user=personas.coordinator)
        prospect = Prospect.objects.first()
        prospect.status = Prospect.Status.DECLINED
        with pytest.raises(ValidationError) as excinfo:
            save_prospect(prospect=prospect, user=personas.coordinator,
                          base_version=prospect.version)  # fmt: skip
        assert messages_of(excinfo)["status"] == [
            "Die Kommune ist schon Teilnehmerin; ihre Zusage bleibt."
        ]


class TestPages:
    def test_the_coordination_adds_a_prospect_and_records_the_written_answer(
        self, client, personas
    ):
        client.force_login(with_totp(personas.coordinator))
        url = reverse("recruitment", args=[personas.network.slug])
        dalheim = MunicipalityFactory(name="Dalheim")
        refused = client.post(url, {"municipality": "Dalheim", "status": "confirmed",
                                    "approached_on": "2022-01-10"})  # fmt: skip
        assert refused.status_code == 422
        page = refused.content.decode()
        assert "Eine Zusage zählt erst schriftlich" in page
        assert "Bitte das Datum der schriftlichen Zusage angeben." in page
        response = client.post(url, {
            "municipality": "Dalheim", "status": "confirmed", "approached_on": "2022-01-10",
            "answered_on": "2022-02-01", "target_energy_mwh": "1.234,5",
            "letter": letter("LOI Dalheim.pdf"),
        })  # fmt: skip
        assert response.status_code == 302
        prospect = Prospect.objects.get(municipality=dalheim)
        assert prospect.target_energy_mwh == Decimal("1234.5")
        page = client.get(url).content.decode()
        assert "LOI Dalheim.pdf" in page and "1 schriftliche Zusage, 0 interessiert." in page
        edit = reverse("prospect_edit", args=[personas.network.slug, prospect.pk])
        stale = client.post(
            edit,
            {
                "status": "confirmed",
                "approached_on": "2022-01-10",
                "answered_on": "2022-02-01",
                "notes": "x",
                "version": "0",
            },
        )
        assert stale.status_code == 409 and "Jemand hat das inzwischen geändert" in (
            stale.content.decode()
        )  # fmt: skip
        assert f'name="version" value="{prospect.version}"' in stale.content.decode()

    def test_funders_read_climate_managers_do_not_outsiders_do_not_see(self, client, personas):
        prospect = confirmed(personas, personas.municipality_c)
        url = reverse("recruitment", args=[personas.network.slug])
        download = reverse("prospect_letter", args=[personas.network.slug, prospect.pk])
        client.force_login(personas.funder)
        page = client.get(url).content.decode()
        assert "Absichtserklärung.pdf" in page and "Bearbeiten" not in page
        assert b"".join(client.get(download).streaming_content) == PDF
        client.force_login(personas.climate_manager_a)
        assert client.get(url).status_code == 403
        assert client.get(download).status_code == 403
        for outsider in (personas.other_coordinator, personas.foreign_climate_manager):
            client.force_login(with_totp(outsider))
            assert client.get(url).status_code == 404
            assert client.get(download).status_code == 404

    def test_taking_in_asks_first_then_makes_participants(self, client, personas):
        for _ in range(6):
            confirmed(personas)
        client.force_login(with_totp(personas.coordinator))
        url = reverse("recruitment_take_in", args=[personas.network.slug])
        asked = client.post(url).content.decode()
        assert "6 Kommunen werden Teilnehmende des Netzwerks Netzwerk Test" in asked
        assert not Prospect.objects.filter(participation__isnull=False).exists()
        response = client.post(url, {"bestaetigt": "1"}, follow=True)
        assert "6 Kommunen nehmen jetzt am Netzwerk teil." in response.content.decode()
        assert Prospect.objects.filter(participation__isnull=False).count() == 6


def test_an_information_event_before_the_term_belongs_to_the_recruitment(personas):
    from django.utils import timezone

    from events.models import Meeting

    start = datetime.datetime(2022, 3, 1, 17, tzinfo=timezone.get_default_timezone())
    values = {
        "network": personas.network, "title": "Informationsabend", "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2), "venue": "Kreishaus",
        "moderator": personas.service_provider,
    }  # fmt: skip
    Meeting(kind=Meeting.Kind.INFORMATION_EVENT, **values).full_clean()
    with pytest.raises(ValidationError) as excinfo:  # other meetings still ask
        Meeting(kind=Meeting.Kind.NETWORK_MEETING, **values).full_clean()
    assert "außerhalb der Laufzeit" in messages_of(excinfo)["starts_at"][0]
