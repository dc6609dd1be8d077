"""Review of the library of measures (issue 34): leaks, odd queries, sharing."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lib.conflicts import EditConflict
from measures.models import MeasureEnergy, MeasureSettings
from measures.services import set_library_sharing
from networks.models import Membership
from tests.factories import MeasureFactory, UserFactory
from tests.helpers import with_totp
from tests.measures import test_library
from tests.measures.test_library import completed, page_of, settings_version
from tests.portal.test_html_validity import check, vnu  # noqa: F401 (the fixture)
from tests.portal.test_network_edit import form_data as network_form_data

world = test_library.world  # the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def share_other(personas, contact=""):
    set_library_sharing(
        network=personas.other_network, user=personas.other_coordinator, shared=True,
        contact=contact, base_version=settings_version(personas.other_network),
    )  # fmt: skip


def test_count_and_summary_count_own_and_anonymised_rows_of_one_category_together(
    client, personas, world
):
    share_other(personas)
    response = page_of(client, personas.coordinator)
    assert response.context["page"].paginator.count == 3
    counts = {str(s.category): s.count for s in response.context["summary"]}
    assert counts == {"Testbeleuchtung": 1, "Testhallen": 2}


def test_the_contact_is_escaped(client, personas, world):
    share_other(personas, contact='<script>alert(1)</script>"x')
    html = page_of(client, personas.coordinator).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "query",
    [
        "?sort=", "?sort=-", "?sort=--thg", "?sort=title", "?sort=-titel", "?sort=pk",
        "?seite=abc", "?seite=0", "?seite=-1", "?seite=99999", "?seite=1.5",
        "?kategorie=gibtsnicht", "?kategorie=1", "?groesse=xyz", "?energietraeger=%00",
        "?kategorie=%00", "?schwerpunkt=999999", "?sort=%00", "?seite=%00",
        "?kommune=cappel", "?municipality=cappel", "?q=Geheime",
    ],
)  # fmt: skip
def test_odd_query_strings_neither_fail_nor_reveal(client, personas, world, query):
    share_other(personas)
    response = page_of(client, personas.coordinator, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geheime Turnhalle" not in html and "Cappel" not in html


def test_anonymised_rows_carry_no_identifying_attribute(client, personas, world):
    share_other(personas)
    foreign = world["foreign"]
    html = page_of(client, personas.coordinator).content.decode()
    municipality = personas.municipality_c
    for secret in (
        foreign.title, municipality.name, municipality.slug, municipality.ags,
        f"/massnahmen/{foreign.pk}/", f'"{foreign.pk}"', personas.other_network.name,
        personas.other_network.slug, personas.participation_c.slug if hasattr(
            personas.participation_c, "slug") else municipality.slug,
    ):  # fmt: skip
        assert secret not in html, secret


def test_a_network_that_stops_sharing_leaves_the_library_and_the_comparable_block(
    client, personas, world
):
    share_other(personas)
    set_library_sharing(
        network=personas.other_network,
        base_version=settings_version(personas.other_network),
        user=personas.other_coordinator,
        shared=False,
    )
    rows = page_of(client, personas.coordinator).context["rows"]
    assert all(row["own"] for row in rows)
    planned = MeasureFactory(participation=personas.participation_b, category=world["halls"])
    MeasureEnergy.objects.create(measure=planned, carrier=world["gas"], kwh=Decimal("1000"))
    response = client.get(reverse("measure", args=[planned.pk]))
    assert response.context["comparable"]()["rows"] == []


@pytest.mark.parametrize("status", ["planned", "in_progress", "cancelled"])
def test_only_completed_measures_of_a_sharing_network_show(client, personas, world, status):
    share_other(personas)
    MeasureFactory(
        participation=personas.participation_c, category=world["halls"], status=status,
        investment_eur=Decimal("1"), co2_savings_t=Decimal("1"),
    )  # fmt: skip
    rows = page_of(client, personas.coordinator).context["rows"]
    assert len([row for row in rows if not row["own"]]) == 1


def test_the_comparable_block_links_only_measures_the_reader_opens(client, personas, world):
    """Altenbeken takes part in both networks: its measure in the other network is
    anonymised for the coordination of the first, with no link, no title."""
    share_other(personas)
    hidden = completed(
        personas.participation_a_other, "Altenbekens fremde Halle", category=world["halls"],
        investment="1000", co2="1", carrier=world["gas"],
    )  # fmt: skip
    planned = MeasureFactory(participation=personas.participation_a, category=world["halls"])
    MeasureEnergy.objects.create(measure=planned, carrier=world["gas"], kwh=Decimal("1000"))
    client.force_login(with_totp(personas.climate_manager_a))
    response = client.get(reverse("measure", args=[planned.pk]))
    html = response.content.decode()
    assert "Altenbekens fremde Halle" not in html
    assert f"/massnahmen/{hidden.pk}/" not in html
    for row in response.context["comparable"]()["rows"]:
        if row["own"]:
            assert client.get(row["measure"].get_absolute_url()).status_code == 200


def test_the_api_gives_no_shared_measure_of_another_network(personas, world):
    from tests.api.conftest import bearer, token_for

    share_other(personas)
    api = Client(**bearer(token_for(personas.coordinator)))
    response = api.get(reverse("api_measure-list"))
    assert response.status_code == 200
    assert "Geheime Turnhalle" not in response.content.decode()
    detail = api.get(reverse("api_measure-detail", args=[world["foreign"].pk]))
    assert detail.status_code == 404


def test_the_sharing_post_needs_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(with_totp(personas.coordinator))
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    response = client.post(url, {"library_shared": "on", "library_contact": ""})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [("climate_manager_a", 403), ("funder", 403), ("service_provider", 403),
     ("other_coordinator", 404), ("outsider", 404), ("finance", 404),
     ("foreign_climate_manager", 404)],
)  # fmt: skip
def test_the_sharing_page_is_the_coordinations_only(client, personas, persona, status):
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    client.force_login(with_totp(getattr(personas, persona)))
    assert client.get(url).status_code == status
    assert client.post(url, {"library_shared": "on"}).status_code == status


def test_sharing_page_for_visitors_redirects_to_the_login(client, personas):
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    assert client.get(url).status_code == 302
    assert client.post(url, {"library_shared": "on"}).status_code == 302


def test_a_query_string_with_markup_is_escaped_everywhere_on_the_page(client, personas, world):
    html = page_of(client, personas.coordinator, '?x="><script>alert(1)</script>').content.decode()
    assert "<script>alert(1)" not in html


def test_a_stale_sharing_form_does_not_overwrite_a_newer_switch(personas):
    """Two people of the coordination: the one who loaded the page while sharing was
    off must not switch it off again unseen after the other switched it on."""
    second = UserFactory(email="zweite.koordination@example.org")
    Membership.objects.create(
        user=second, role=Membership.Role.COORDINATOR, organisation=personas.coordinator_org
    )
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    first, other = Client(), Client()
    first.force_login(with_totp(personas.coordinator))
    other.force_login(with_totp(second))
    # The box unticked on the page, as loaded with the settings' version.
    stale = {"version": first.get(url).context["form"].initial["version"], "library_contact": ""}
    version = other.get(url).context["form"].initial["version"]
    switched = {"version": version, "library_shared": "on", "library_contact": "B"}
    assert other.post(url, switched).status_code == 302
    response = first.post(url, stale)
    assert response.status_code == 409
    row = MeasureSettings.objects.get(network=personas.network)
    assert (row.library_shared, row.library_contact) == (True, "B")
    assert "inzwischen geändert" in response.content.decode()
    # Shown again based on the setting as it is now: saving it again is deliberate.
    again = {**response.context["form"].data.dict(), "library_contact": "A"}
    again.pop("library_shared", None)
    assert first.post(url, again).status_code == 302
    row.refresh_from_db()
    assert (row.library_shared, row.library_contact) == (False, "A")


def test_a_sharing_form_loaded_before_the_network_settings_changed_is_refused(personas):
    """The network's settings page writes the same row (staleness days, evidence
    threshold): a sharing form loaded before that save is refused, as every edit
    form is over a newer version (lib/conflicts.py)."""
    client = Client()
    client.force_login(with_totp(personas.coordinator))
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    loaded = client.get(url).context["form"].initial["version"]
    edit = reverse("network_edit", args=[personas.network.slug])
    assert (
        client.post(edit, network_form_data(personas.network, staleness_days="30")).status_code
        == 302
    )
    response = client.post(url, {"version": loaded, "library_shared": "on", "library_contact": "A"})
    assert response.status_code == 409
    html = response.content.decode()
    assert (
        "Jetzt gespeichert: Die Maßnahmen des Netzwerks werden nicht in der Bibliothek geteilt."
        in html
    )
    assert "Jemand hat das inzwischen geändert (" in html
    row = MeasureSettings.objects.get(network=personas.network)
    assert (row.library_shared, row.library_contact, row.staleness_days) == (False, "", 30)
    assert response.context["form"].data["version"] == row.version == 1


def test_the_sharing_pages_conflict_is_valid_html(personas, vnu):  # noqa: F811
    client = Client()
    client.force_login(with_totp(personas.coordinator))
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    set_library_sharing(
        network=personas.network,
        user=personas.coordinator,
        shared=True,
        contact="Frau Beispiel",
        base_version=0,
    )
    response = client.post(url, {"version": 0, "library_contact": "A"})
    assert response.status_code == 409
    assert "Ansprechperson: Frau Beispiel" in response.content.decode()
    assert check(vnu, {url: response.content}) == []


def test_a_sharing_post_without_the_version_saves_nothing(personas):
    client = Client()
    client.force_login(with_totp(personas.coordinator))
    url = reverse("measure_library_sharing", args=[personas.network.slug])
    response = client.post(url, {"library_shared": "on"})
    assert response.status_code == 409
    assert not MeasureSettings.objects.filter(network=personas.network).exists()


def test_each_switch_raises_the_settings_version(personas):
    network = personas.network
    for shared, version in ((True, 1), (False, 2), (False, 3)):
        row = set_library_sharing(
            network=network,
            user=personas.coordinator,
            shared=shared,
            base_version=settings_version(network),
        )
        assert (row.library_shared, row.version) == (shared, version)
    with pytest.raises(EditConflict):
        set_library_sharing(network=network, user=personas.coordinator, shared=True, base_version=2)
    assert MeasureSettings.objects.get(network=network).library_shared is False


def test_a_shared_measure_stays_closed_to_other_organisations(client, personas, world):
    share_other(personas)
    client.force_login(with_totp(personas.coordinator))
    pk = world["foreign"].pk
    assert client.get(reverse("measure", args=[pk])).status_code == 404
    assert client.get(reverse("measure_document", args=[pk, 1])).status_code == 404
