import pytest
from django.urls import reverse

from measures.models import MeasureSettings
from measures.services import set_library_sharing
from networks.models import Network
from portal.forms import NetworkSettingsForm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def form_data(network, **changes):
    form = NetworkSettingsForm(instance=network)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name in ("focus_areas", "service_providers"):
            data[name] = [obj.pk for obj in value or []]
        elif value is None:
            data[name] = ""
        elif name in ("term_start", "term_end"):
            data[name] = value.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def url():
    return reverse("network_edit", args=["netzwerk-test"])


def test_coordinator_edits_the_network(client, personas):
    client.force_login(personas.coordinator)
    data = form_data(personas.network, funding_code="67K99999", staleness_days="30")
    response = client.post(url(), data)
    assert response.status_code == 302
    network = Network.objects.get(pk=personas.network.pk)
    staleness_days = MeasureSettings.objects.get(network=network).staleness_days
    assert (network.funding_code, staleness_days) == ("67K99999", 30)


def test_a_save_over_a_newer_change_is_refused_and_nothing_is_lost(client, personas):
    client.force_login(personas.coordinator)
    stale = form_data(personas.network, contact_name="Erste Person")
    # Somebody else saves in between.
    other = Network.objects.get(pk=personas.network.pk)
    other.contact_name = "Zweite Person"
    other.save()
    response = client.post(url(), stale)
    assert response.status_code == 409
    assert "Das Netzwerk wurde inzwischen geändert" in response.content.decode()
    assert Network.objects.get(pk=personas.network.pk).contact_name == "Zweite Person"


def test_a_refused_save_stays_on_the_version_it_was_loaded_with(client, personas):
    client.force_login(personas.coordinator)
    stale = form_data(personas.network, contact_name="Erste Person")
    Network.objects.get(pk=personas.network.pk).save()
    response = client.post(url(), stale)
    assert response.status_code == 409
    # Its message asks to load the page again: sending the same form is refused again.
    assert response.context["form"].data["version"] == "1"
    assert client.post(url(), stale).status_code == 409
    assert Network.objects.get(pk=personas.network.pk).contact_name == ""


def test_a_save_over_a_newer_library_switch_is_refused_and_does_not_switch_it_back(
    client, personas
):
    """The library sharing page writes the network's measure settings too: the
    settings page carries their version, so a page loaded before the switch does not
    write the old switch back with its own fields."""
    client.force_login(personas.coordinator)
    stale = form_data(personas.network, staleness_days="30", contact_name="Erste Person")
    assert stale["measure_settings_version"] == 0
    set_library_sharing(
        network=personas.network, user=personas.coordinator, shared=True, base_version=0
    )
    response = client.post(url(), stale)
    assert response.status_code == 409
    assert (
        "Die Einstellungen zu Maßnahmen (etwa das Teilen in der Bibliothek) wurden "
        "inzwischen geändert (" in response.content.decode()
    )
    row = MeasureSettings.objects.get(network=personas.network)
    assert (row.library_shared, row.staleness_days, row.version) == (True, 90, 1)
    # Nothing of the page is saved, the network's own fields neither.
    assert Network.objects.get(pk=personas.network.pk).contact_name == ""
    # Loaded again, the page saves its fields and leaves the switch as it is.
    fresh = form_data(Network.objects.get(pk=personas.network.pk), staleness_days="30")
    assert fresh["measure_settings_version"] == 1
    assert client.post(url(), fresh).status_code == 302
    row.refresh_from_db()
    assert (row.library_shared, row.staleness_days, row.version) == (True, 30, 2)


def test_bad_term_gets_a_german_message(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(url(), form_data(personas.network, term_end="2022-01-01"))
    assert "Das Ende der Laufzeit muss nach ihrem Beginn liegen." in response.content.decode()


def test_funder_may_not_edit(client, personas):
    client.force_login(personas.funder)
    assert client.get(url()).status_code == 403
