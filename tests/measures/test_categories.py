"""The categories of the funding programme (issue 34): the catalogue, the migration's
rules, the form, the list's filter and to-do, the spreadsheets and the API."""

import csv
import datetime
import io
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import translation

from measures.catalogue import CATEGORIES, assign_categories, category_for
from measures.forms import MeasureForm
from measures.models import Measure, MeasureCategory
from measures.services import found_successor_network
from measures.spreadsheets import export_csv, validate_rows
from tests.api.conftest import bearer, token_for
from tests.measures.support import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

LIST = reverse("measure_list")


def category(slug: str) -> MeasureCategory:
    return MeasureCategory.objects.get(slug=slug)


# The catalogue


def test_the_migration_loads_the_guidelines_categories_investive_first():
    categories = list(MeasureCategory.objects.all())
    assert [c.slug for c in categories] == [slug for slug, *_rest in CATEGORIES]
    assert [c.name for c in categories[:3]] == [
        "Außen- und Straßenbeleuchtung",
        "Lichtsignalanlagen",
        "Innen- und Hallenbeleuchtung",
    ]
    kinds = [c.kind for c in categories]
    assert kinds == ["investive"] * 9 + ["strategic"] * 6
    # Numbers only where a source gives them; the rest blank rather than invented.
    assert {c.slug: c.code for c in categories if c.code} == {
        "aussenbeleuchtung": "4.2.1",
        "machbarkeitsstudien": "4.1.6",
    }


def test_a_category_reads_in_english_for_english_readers_with_its_number():
    street = category("aussenbeleuchtung")
    with translation.override("en"):
        assert street.label() == "4.2.1 Outdoor and street lighting"
    with translation.override("de"):
        assert street.label() == "4.2.1 Außen- und Straßenbeleuchtung"
        assert category("abfall").label() == "Abfall"


def test_two_categories_may_not_share_a_name_or_a_number_but_many_have_none():
    duplicate = MeasureCategory(name="Abfall", kind="investive", slug="abfall-2")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict == {"name": ["Eine Kategorie mit diesem Namen gibt es schon."]}
    numbered = MeasureCategory(name="Neu", code="4.2.1", kind="investive", slug="neu")
    with pytest.raises(ValidationError) as error:
        numbered.full_clean()
    assert error.value.messages == ["Eine Kategorie mit dieser Nummer gibt es schon."]
    MeasureCategory.objects.create(name="Ohne Nummer", kind="strategic", slug="ohne-nummer")


def test_the_database_refuses_an_unknown_kind_and_clean_says_so_in_german():
    odd = MeasureCategory(name="Seltsam", kind="sonstig", slug="seltsam")
    with pytest.raises(ValidationError) as error:
        odd.clean()
    assert error.value.message_dict == {"kind": ["Bitte investiv oder strategisch wählen."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        odd.save()


def test_a_category_in_use_cannot_be_deleted(world):
    measure = world.measure(category=category("abwasser"))
    with pytest.raises(ProtectedError):
        measure.category.delete()


# The migration's rules


@pytest.mark.parametrize(
    ("title", "focus_area", "expected"),
    [
        ("Umrüstung der Straßenbeleuchtung auf LED", "", "aussenbeleuchtung"),
        ("LED-Leuchten an der Kreisstraße", "", "aussenbeleuchtung"),
        ("Umrüstung auf LED", "Straßenbeleuchtung", "aussenbeleuchtung"),
        ("LED in der Turnhalle", "", "innenbeleuchtung"),
        ("Hallenbeleuchtung Sporthalle Nord", "", "innenbeleuchtung"),
        ("Neue Lüftungsanlage in der Grundschule", "", "raumlufttechnik"),
        ("Energiemanagement für die Liegenschaften", "", "energiemanagement"),
        ("Klimaschutzkonzept der Gemeinde", "", "klimaschutzkonzepte"),
        ("Machbarkeitsstudie PV auf dem Bauhof", "", "machbarkeitsstudien"),
        # No place for the lighting: street or hall is for a person to say.
        ("Umrüstung auf LED", "Innovative Beleuchtung", None),
        # Two rules at once: left to a person.
        ("Beleuchtungskonzept für die Straßen", "", None),
        ("Heizungsoptimierung in der Sporthalle", "", None),
        ("Infoabend für Schülerinnen zur Beleuchtung", "", None),
        ("PV-Anlage auf dem Schuldach", "Umweltfreundliche Energieversorgung", None),
    ],
)
def test_the_migration_assigns_a_category_only_where_the_title_is_plain(
    title, focus_area, expected
):
    assert category_for(title, focus_area) == expected


def test_the_data_migration_assigns_existing_measures_and_leaves_the_rest_unassigned(world):
    street = world.measure(title="Straßenbeleuchtung auf LED umstellen")
    school = world.measure(title="Dämmung der Schule")
    kept = world.measure(title="Lüftung Rathaus", category=category("sonstige-investive"))
    migration = import_module("measures.migrations.0019_categories_data")
    migration.load_and_assign(global_apps, None)
    street.refresh_from_db(), school.refresh_from_db(), kept.refresh_from_db()
    assert street.category.slug == "aussenbeleuchtung"
    assert school.category is None
    assert kept.category.slug == "sonstige-investive"  # a person's choice stays
    assert assign_categories(Measure, MeasureCategory) == 0  # nothing left to assign


# The form and the pages


def test_the_form_offers_the_categories_grouped_by_kind_and_saves_the_choice(world):
    measure = world.measure()
    with translation.override("de"):
        form = MeasureForm(instance=measure, user=world.climate_manager_a)
        choices = form.fields["category"].choices
        assert choices[0] == ("", "noch nicht zugeordnet")
        assert [group for group, _options in choices[1:]] == ["investiv", "strategisch"]
        assert (category("aussenbeleuchtung").pk, "4.2.1 Außen- und Straßenbeleuchtung") in (
            choices[1][1]
        )
        assert form.fields["category"].label == "Kategorie"
        assert "Kommunalrichtlinie" in str(form.fields["category"].help_text)
    data = form_data(form, category=str(category("abwasser").pk))
    form = MeasureForm(data, instance=measure, user=world.climate_manager_a)
    assert form.is_valid(), form.errors
    assert form.save().category.slug == "abwasser"


@pytest.mark.usefixtures("running_networks")
def test_the_measure_page_shows_the_category_or_that_it_is_not_assigned(client, world):
    client.force_login(world.climate_manager_a)
    assigned = world.measure(category=category("aussenbeleuchtung"))
    html = client.get(reverse("measure", args=[assigned.pk])).content.decode()
    assert '<dd>4.2.1 Außen- und Straßenbeleuchtung <span class="muted">(investiv)</span></dd>' in (
        html
    )
    open_one = world.measure(title="Offen")
    html = client.get(reverse("measure", args=[open_one.pk])).content.decode()
    assert "noch nicht zugeordnet · <a" in html


@pytest.fixture
def three(world):
    return {
        "street": world.measure(title="Straße", category=category("aussenbeleuchtung")),
        "sewage": world.measure(
            title="Klärwerk", participation=world.participation_b, category=category("abwasser")
        ),
        "open_a": world.measure(title="Offen A"),
        "open_b": world.measure(title="Offen B", participation=world.participation_b),
    }


def listed(client, query: str) -> list[str]:
    return sorted(m.title for m in client.get(f"{LIST}?{query}").context["page"])


@pytest.mark.usefixtures("running_networks")
def test_the_list_filters_by_category_and_by_without_category(client, world, three):
    client.force_login(world.coordinator)
    assert listed(client, "kategorie=abwasser") == ["Klärwerk"]
    assert listed(client, "kategorie=ohne") == ["Offen A", "Offen B"]
    assert listed(client, "kategorie=") == ["Klärwerk", "Offen A", "Offen B", "Straße"]
    response = client.get(f"{LIST}?kategorie=gibt-es-nicht")
    assert response.context["form"].errors["kategorie"]  # reported, and left out
    assert len(response.context["page"]) == 4


@pytest.mark.usefixtures("running_networks")
def test_a_climate_manager_sees_the_own_measures_without_category_as_a_to_do(client, world, three):
    client.force_login(world.climate_manager_a)
    html = client.get(f"{LIST}?kommune=").content.decode()
    assert (
        "1 Maßnahme, die Sie bearbeiten, hat noch keine Kategorie der Kommunalrichtlinie." in html
    )
    link = f'<a href="{LIST}?kategorie=ohne&amp;kommune=altenbeken">'
    assert link + "Maßnahmen ohne Kategorie anzeigen</a>" in html
    assert listed(client, "kategorie=ohne&kommune=altenbeken") == ["Offen A"]
    start = client.get(reverse("start")).content.decode()
    assert "1 Maßnahme ohne Kategorie der Kommunalrichtlinie · " + link in start


@pytest.mark.usefixtures("running_networks")
def test_the_coordinator_sees_every_measure_without_category_of_the_networks(client, world, three):
    client.force_login(world.coordinator)
    html = client.get(LIST).content.decode()
    assert "2 Maßnahmen, die Sie bearbeiten, haben noch keine Kategorie" in html
    start = client.get(reverse("start")).content.decode()
    assert (
        f'2 Maßnahmen ohne Kategorie der Kommunalrichtlinie · <a href="{LIST}?kategorie=ohne">'
        in (start)
    )


@pytest.mark.usefixtures("running_networks")
def test_nobody_who_edits_no_measure_gets_the_to_do(client, world, three):
    client.force_login(world.service_provider)
    assert "keine Kategorie" not in client.get(LIST).content.decode()
    world.measure(title="Zugeordnet", category=category("beratung"))
    Measure.objects.filter(category__isnull=True).update(category=category("beratung"))
    client.force_login(world.climate_manager_a)
    assert "noch keine Kategorie" not in client.get(f"{LIST}?kommune=").content.decode()
    assert (
        "ohne Kategorie der Kommunalrichtlinie" not in client.get(reverse("start")).content.decode()
    )


# Spreadsheets


def test_the_export_has_the_category_by_its_german_name(world):
    world.measure(title="Straße", category=category("aussenbeleuchtung"))
    world.measure(title="Offen")
    with translation.override("en"):
        text = export_csv(Measure.objects.order_by("title")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [(row["Titel"], row["Kategorie"]) for row in rows] == [
        ("Offen", ""),
        ("Straße", "Außen- und Straßenbeleuchtung"),
    ]


def import_row(world, **values):
    row = {"Kommune": "Altenbeken", "Themenschwerpunkt": "Gebäude", "Titel": "Neu", **values}
    return validate_rows([row], network=world.network, user=world.coordinator)[0]


@pytest.mark.parametrize(
    "text",
    ["4.2.1", "Außen- und Straßenbeleuchtung", "outdoor and street lighting",
     "4.2.1 Außen- und Straßenbeleuchtung"],
)  # fmt: skip
def test_the_import_reads_a_category_by_number_german_or_english_name(world, text):
    row = import_row(world, Kategorie=text)
    assert row.errors == []
    assert row.measure.category.slug == "aussenbeleuchtung"


def test_the_import_leaves_an_empty_category_unassigned(world):
    row = import_row(world, Kategorie="")
    assert row.errors == [] and row.measure.category is None


def test_an_unknown_category_is_refused_in_german_with_the_known_ones(world):
    row = import_row(world, Kategorie="Windkraft")
    assert len(row.errors) == 1
    message = row.errors[0]
    assert message.startswith("Kategorie: Unbekannte Kategorie „Windkraft“ (bekannt sind: ")
    assert "4.2.1 Außen- und Straßenbeleuchtung; Lichtsignalanlagen; " in message
    assert message.endswith("Sonstige strategische Maßnahmen).")


# The API


@pytest.mark.usefixtures("running_networks")
def test_the_api_gives_each_measure_its_category_and_filters_by_it(client, world, three):
    url = reverse("api_measure-list")
    client.defaults.update(bearer(token_for(world.coordinator)))
    items = client.get(url, {"category": "aussenbeleuchtung"}).json()["results"]
    assert [(item["title"], item["category"]) for item in items] == [
        (
            "Straße",
            {
                "slug": "aussenbeleuchtung",
                "code": "4.2.1",
                "name": "Außen- und Straßenbeleuchtung",
                "kind": "investive",
            },
        )
    ]
    items = client.get(url).json()["results"]
    assert {item["title"]: item["category"] for item in items}["Offen A"] is None


def test_a_measure_carried_over_to_the_successor_network_keeps_its_category(world):
    world.measure(title="Straße", category=category("aussenbeleuchtung"))
    world.measure(title="Offen")
    successor = found_successor_network(
        predecessor=world.network, user=world.coordinator, name="Netzwerk Test 2",
        slug="netzwerk-test-2", term_start=datetime.date(2025, 7, 1),
        term_end=datetime.date(2028, 6, 30), municipalities=[world.municipality_a],
    )  # fmt: skip
    copies = Measure.objects.filter(participation__network=successor)
    assert {m.title: m.category_id for m in copies} == {
        "Straße": category("aussenbeleuchtung").pk,
        "Offen": None,
    }
