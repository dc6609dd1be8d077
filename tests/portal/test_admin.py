import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from events.models import ActionDigest
from finances.models import DeadlineReminder, Grant
from measures.models import StaleDigest
from networks.models import Network, User
from tests.helpers import with_totp

pytestmark = pytest.mark.django_db

PROJECT_APPS = {
    "networks", "measures", "events", "finances", "reports", "opendata", "api", "portal",
}  # fmt: skip
PROJECT_MODELS = [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]


@pytest.fixture
def admin_client(client, demo_seed):
    admin = User.objects.get(email="admin@example.org")
    StaleDigest.objects.create(user=admin, measure_count=2)  # the demo sends no mail
    ActionDigest.objects.create(user=admin, item_count=1)
    DeadlineReminder.objects.create(
        grant=Grant.objects.first(), kind="final", year=2025, due=datetime.date(2025, 12, 31),
        step="1w", user=admin, sent_at=timezone.now(),
    )  # fmt: skip
    client.force_login(with_totp(admin))
    return client


def test_every_project_model_is_registered():
    assert sorted(m._meta.label for m in PROJECT_MODELS) == [
        "api.ApiToken",
        "events.ActionDigest",
        "events.Meeting",
        "events.Minutes",
        "finances.BudgetLine",
        "finances.CallOff",
        "finances.DeadlineReminder",
        "finances.Financing",
        "finances.Grant",
        "finances.PlanChange",
        "finances.PlannedAmount",
        "finances.Proof",
        "finances.Receipt",
        "finances.ReceiptImport",
        "measures.EmissionFactor",
        "measures.EnergyCarrier",
        "measures.HeatingValue",
        "measures.Measure",
        "measures.MeasureCategory",
        "measures.MeasureImport",
        "measures.StaleDigest",
        "networks.FactorSet",
        "networks.FocusArea",
        "networks.Invitation",
        "networks.Membership",
        "networks.Municipality",
        "networks.Network",
        "networks.Organisation",
        "networks.Participation",
        "networks.User",
        "opendata.Publication",
        "reports.ConfirmationRequest",
        "reports.Report",
    ]


@pytest.mark.parametrize("model", ["events.Meeting", "events.Minutes", "reports.Report"])
def test_meetings_minutes_and_reports_are_shown_not_changed_in_the_admin(admin_client, model):
    """Their pages keep them consistent (calendar sequence and mails, locked minutes,
    byte-identical reports); the admin lists them for oversight."""
    index = admin_client.get(reverse("admin:index")).content.decode()
    for name in ("Treffen", "Protokolle", "Berichte"):
        assert f">{name}</a>" in index
    label = model.split(".")
    opts = next(m for m in PROJECT_MODELS if m._meta.label == model)._meta
    obj = opts.model.objects.first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="_save"' not in page
    assert admin_client.post(url, {}).status_code == 403
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert opts.model.objects.filter(pk=obj.pk).exists(), label


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_answer_for_a_superuser(admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Paderborn"}).status_code == 200
    add_allowed = admin.site._registry[model].has_add_permission(
        type("Request", (), {"user": User.objects.get(email="admin@example.org")})
    )
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (200 if add_allowed else 403)
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


def test_network_list_filters_by_phase(admin_client):
    response = admin_client.get(
        reverse("admin:networks_network_changelist"), {"phase": "acquisition"}
    )
    # The demo's third network, and two of the regional agency's (demo/regional.py).
    assert sorted(n.name for n in response.context["cl"].result_list) == [
        "Klimaschutz-Netzwerk Lippe",
        "Klimaschutz-Netzwerk Paderborner Land",
        "Klimaschutz-Netzwerk Westfalen Weser 3",
    ]


def test_admin_is_closed_to_anonymous_visitors(client):
    response = client.get(reverse("admin:networks_network_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_admin_speaks_german_for_the_other_apps_models_too(admin_client):
    index = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for name in ("Benutzersitzungen", "Zweite Faktoren", "Hintergrundaufgaben",
                 "Hintergrund-Worker"):  # fmt: skip
        assert f">{name}<" in index, name
    for english in ("User sessions", "Authenticators", "Task Results", "Tasks Database"):
        assert english not in index


def test_amounts_read_and_are_typed_the_german_way_in_the_admin(admin_client):
    from decimal import Decimal

    from django.utils import translation

    from measures.models import Measure
    from networks.models import Participation

    measure = Measure.objects.exclude(energy_savings_kwh=None).first()
    Measure.objects.filter(pk=measure.pk).update(
        investment_eur=Decimal("48500"), subsidy_eur=None, energy_savings_kwh=Decimal("70000")
    )
    page = admin_client.get(reverse("admin:measures_measure_change", args=[measure.pk]))
    # without spurious decimals, as the portal's own forms (issue 31, item 7)
    assert 'name="investment_eur" value="48.500"' in page.content.decode()
    listing = admin_client.get(
        reverse("admin:measures_measure_changelist"), {"q": measure.title}
    ).content.decode()
    assert '<td class="field-energy_savings_kwh">70.000,00</td>' in listing
    # Typed back the same way, in the form and in the network's participation rows.
    for model, name in ((Measure, "investment_eur"), (Participation, "target_energy_mwh")):
        model_admin = admin.site._registry[model]
        field = model_admin.formfield_for_dbfield(model._meta.get_field(name), request=None)
        with translation.override("de"):
            assert field.clean("48.500,5") == Decimal("48500.5")
            assert field.widget.format_value(Decimal("48500.50")) == "48.500,50"
        with translation.override("en"):
            assert field.clean("48,500.5") == Decimal("48500.5")
    inline = admin.site._registry[Network].get_inline_instances(None)
    rows = next(i for i in inline if i.model is Participation)
    field = rows.formfield_for_dbfield(Participation._meta.get_field("target_co2_t"), request=None)
    assert field.widget.format_value(Decimal("1234.5")) == "1.234,5"
