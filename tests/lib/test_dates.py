"""Every date and time people enter lies in 1990–2100: the validator, the database
constraints behind it, and every date field of every form of the portal."""

import datetime
import importlib
import inspect
import uuid

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import ActionItem, Meeting
from lib.dates import DateInput, in_sane_range, validate_sane_date
from measures.models import Measure, ProgressNote
from networks.models import Network, Participation
from reports.models import Report
from reports.periods import default_period
from tests.events.support import World
from tests.factories import MeasureFactory
from tests.helpers import violates, with_totp

MESSAGE = "Bitte ein Datum zwischen 1990 und 2100 angeben."
BERLIN = datetime.timezone(datetime.timedelta(hours=1))
# The personas are made once for this module (see `module_personas` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("module_personas")


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1990, 1, 1),
        datetime.date(2100, 12, 31),
        datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(2100, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
        None,
    ],
)
def test_dates_from_1990_to_2100_are_accepted(value):
    validate_sane_date(value)


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1, 1, 1),
        datetime.date(1989, 12, 31),
        datetime.date(2101, 1, 1),
        datetime.date(9999, 12, 31),
        datetime.datetime(1, 1, 1, tzinfo=BERLIN),
        datetime.datetime(1989, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
        datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=BERLIN),
    ],
)
def test_dates_outside_1990_to_2100_are_refused_in_german(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_sane_date(value)
    assert excinfo.value.messages == [MESSAGE]
    assert excinfo.value.error_list[0].code == "date_out_of_range"


# The database keeps the rule, on SQLite and PostgreSQL alike -----------------------

LOW_DATE, HIGH_DATE = datetime.date(1989, 12, 31), datetime.date(2101, 1, 1)
# 10:00 in Berlin on 1 January of year 1 is what PostgreSQL stored and could not read back.
LOW_TIME = datetime.datetime(1, 1, 1, 10, 0, tzinfo=BERLIN)
HIGH_TIME = datetime.datetime(2101, 1, 1, 0, 30, tzinfo=datetime.UTC)


@pytest.fixture
def rows(personas):
    """One saved row of every model with dates people enter."""
    world = World(personas)
    measure = MeasureFactory(participation=personas.participation_a, focus_area=world.buildings)
    note = ProgressNote.objects.create(measure=measure, text="Angebot liegt vor")
    action = ActionItem.objects.create(
        meeting=world.upcoming, text="Angebote einholen", due_on=datetime.date(2025, 1, 1),
        responsible_municipality=personas.municipality_a,
    )  # fmt: skip
    report = Report.objects.create(
        network=personas.network, kind=Report.Kind.INTERIM,
        period_start=personas.network.term_start, period_end=personas.network.term_start,
        figures={}, issued_at=timezone.now(), issued_by_name="Test",
    )  # fmt: skip
    return {
        Network: personas.network,
        Participation: personas.participation_a,
        Measure: measure,
        ProgressNote: note,
        Meeting: world.upcoming,
        ActionItem: action,
        Report: report,
    }


CONSTRAINED = [
    (Network, "term_start", LOW_DATE, "networks_network_term_start_range"),
    (Network, "term_end", HIGH_DATE, "networks_network_term_end_range"),
    (Participation, "joined_on", LOW_DATE, "networks_participation_joined_on_range"),
    (Participation, "left_on", HIGH_DATE, "networks_participation_left_on_range"),
    (Measure, "planned_start", LOW_DATE, "measures_measure_planned_start_range"),
    (Measure, "planned_end", HIGH_DATE, "measures_measure_planned_end_range"),
    (Measure, "started_on", LOW_DATE, "measures_measure_started_on_range"),
    (Measure, "completed_on", HIGH_DATE, "measures_measure_completed_on_range"),
    (ProgressNote, "date", LOW_DATE, "measures_progressnote_date_range"),
    (ActionItem, "due_on", HIGH_DATE, "events_actionitem_due_on_range"),
    (Report, "period_start", LOW_DATE, "portal_report_period_start_range"),
    (Report, "period_end", HIGH_DATE, "portal_report_period_end_range"),
    (Meeting, "starts_at", LOW_TIME, "events_meeting_starts_at_range"),
    (Meeting, "ends_at", HIGH_TIME, "events_meeting_ends_at_range"),
]


@pytest.mark.parametrize(
    ("model", "field", "value", "constraint"),
    CONSTRAINED,
    ids=[f"{model.__name__}.{field}" for model, field, _, _ in CONSTRAINED],
)
def test_the_database_refuses_a_date_outside_the_range(rows, model, field, value, constraint):
    row = rows[model]
    # The order rules (end after start) are checked against both dates at once.
    partner = {"term_start": "term_end", "term_end": "term_start", "starts_at": "ends_at",
               "ends_at": "starts_at", "period_start": "period_end", "period_end": "period_start",
               "planned_start": "planned_end", "planned_end": "planned_start",
               "started_on": "completed_on", "completed_on": "started_on",
               "joined_on": "left_on", "left_on": "joined_on"}  # fmt: skip
    changes = {field: value}
    if field in partner and model._meta.get_field(partner[field]).null:
        changes[partner[field]] = None
    with violates(constraint):
        model.objects.filter(pk=row.pk).update(**changes)


@pytest.mark.parametrize(
    ("model", "field", "value", "constraint"),
    CONSTRAINED,
    ids=[f"{model.__name__}.{field}" for model, field, _, _ in CONSTRAINED],
)
def test_the_model_says_so_in_german_before_the_database(rows, model, field, value, constraint):
    row = rows[model]
    setattr(row, field, value)
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert excinfo.value.message_dict[field][0] == MESSAGE
    assert constraint in {c.name for c in model._meta.constraints}


def test_the_constraint_condition_allows_an_empty_optional_date():
    condition = in_sane_range("left_on", null=True)
    assert str(condition) == (
        "(OR: ('left_on__isnull', True), "
        "(AND: ('left_on__gte', datetime.date(1990, 1, 1)), "
        "('left_on__lte', datetime.date(2100, 12, 31))))"
    )


# Every date field of every form ----------------------------------------------------

FORM_MODULES = ["networks.forms", "measures.forms", "events.forms", "reports.forms"]


def date_fields_of_every_form():
    """(form class, field name, field) for every date or datetime field the portal's
    forms declare, their model forms' generated fields included."""
    found = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _, form_class in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form_class, forms.BaseForm) or form_class.__module__ != module_name:
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(
                    field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField
                ):
                    found.append((form_class, name, field))
    return found


def test_every_date_field_of_every_form_is_limited_to_the_range():
    fields = date_fields_of_every_form()
    names = {f"{form_class.__name__}.{name}" for form_class, name, _ in fields}
    assert names == {
        "ParticipationForm.joined_on", "ParticipationForm.left_on",
        "AddParticipantForm.joined_on", "AddParticipantForm.left_on",
        "SuccessorForm.term_start", "SuccessorForm.term_end",
        "NetworkForm.term_start", "NetworkForm.term_end",
        "MeasureForm.planned_start", "MeasureForm.planned_end",
        "MeasureForm.started_on", "MeasureForm.completed_on",
        "MeasureForm.measured_from", "MeasureForm.measured_until",
        "NoteForm.date",
        "MeetingForm.starts_at", "MeetingForm.ends_at",
        "SeriesForm.first_date", "SeriesForm.until",
        "ActionItemForm.due_on",
        "ReportForm.period_start", "ReportForm.period_end",
        "ConfirmationRequestForm.period_start", "ConfirmationRequestForm.period_end",
        "MayorsReportForm.period_start", "MayorsReportForm.period_end",
        "ProspectForm.approached_on", "ProspectForm.interested_on", "ProspectForm.answered_on",
        "AddProspectForm.approached_on", "AddProspectForm.interested_on",
        "AddProspectForm.answered_on",
    }  # fmt: skip
    for form_class, name, field in fields:
        label = f"{form_class.__name__}.{name}"
        assert validate_sane_date in field.validators, label
        widget = field.widget.widgets[0] if hasattr(field.widget, "widgets") else field.widget
        assert widget.attrs["min"] == "1990-01-01", label
        assert widget.attrs["max"] == "2100-12-31", label


def test_the_date_picker_offers_only_days_of_the_range():
    html = DateInput().render("due_on", datetime.date(2025, 3, 4))
    assert html == (
        '<input type="date" name="due_on" value="2025-03-04" min="1990-01-01" max="2100-12-31">'
    )


class Case:
    """A form page, a person who may use it, and data that is valid except for the
    date under test; `method` GET for the report preview; `prefix` the form's."""

    def __init__(self, url, user, data, method="post", prefix=""):
        self.url, self.user, self.method, self.prefix = url, user, method, prefix
        self.data = {f"{prefix}-{key}" if prefix else key: value for key, value in data.items()}

    def key(self, field: str) -> str:
        return f"{self.prefix}-{field}" if self.prefix else field


def times_of(meeting) -> dict[str, str]:
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return {
        "starts_at_0": starts.date().isoformat(), "starts_at_1": starts.strftime("%H:%M"),
        "ends_at_0": ends.date().isoformat(), "ends_at_1": ends.strftime("%H:%M"),
    }  # fmt: skip


def cases(world) -> dict[str, Case]:
    p = world.personas
    network = p.network
    today = timezone.localdate()
    day = (today + datetime.timedelta(days=30)).isoformat()
    meeting = {
        "kind": "workshop", "title": "Workshop", "starts_at_0": day, "starts_at_1": "09:30",
        "ends_at_0": day, "ends_at_1": "12:00", "venue": "Kreishaus", "address": "",
        "online_url": "", "description": "", "moderator": p.service_provider.pk,
    }  # fmt: skip
    measure = MeasureFactory(participation=p.participation_a, focus_area=world.buildings)
    measure_data = {
        "participation": p.participation_a.pk, "focus_area": world.buildings.pk,
        "title": "Heizungstausch", "status": "planned", "planned_start": "2024-01-01",
        "planned_end": "2024-12-31", "started_on": "", "completed_on": "",
        "energie-TOTAL_FORMS": "0", "energie-INITIAL_FORMS": "0",  # no energy rows
    }  # fmt: skip
    later = network.term_end + datetime.timedelta(days=1)
    kind, start, end = default_period(network, today)
    report = {"kind": kind, "period_start": start.isoformat(), "period_end": end.isoformat(),
              "language": "de", "note": ""}  # fmt: skip
    return {
        "meeting_new": Case(reverse("meeting_new", args=[network.slug]), p.coordinator, meeting),
        "meeting_edit": Case(
            reverse("meeting_edit", args=[world.upcoming.pk]), p.coordinator,
            {**meeting, **times_of(world.upcoming), "version": world.upcoming.sequence},
        ),
        "meeting_series": Case(
            reverse("meeting_series", args=[network.slug]), p.coordinator,
            {"title": "{n}. Netzwerktreffen", "first_date": day, "interval_months": "3",
             "until": network.term_end.isoformat(), "start_time": "10:00", "end_time": "13:00",
             "venue": "Kreishaus", "moderator": p.service_provider.pk, "preview": "1"},
        ),
        "action_add": Case(
            reverse("action_add", args=[world.upcoming.pk]), p.coordinator,
            {"text": "Angebote einholen", "responsible_municipality": p.municipality_a.pk,
             "due_on": day}, prefix="aufgabe",
        ),
        "measure_new": Case(reverse("measure_new"), p.climate_manager_a, measure_data),
        "measure_edit": Case(
            reverse("measure_edit", args=[measure.pk]), p.climate_manager_a,
            {**measure_data, "version": measure.version},
        ),
        "measure_note_add": Case(
            reverse("measure_note_add", args=[measure.pk]), p.climate_manager_a,
            {"date": today.isoformat(), "text": "Angebot liegt vor"},
        ),
        "participant_add": Case(
            reverse("participant_add", args=[network.slug]), p.coordinator,
            {"municipality": p.municipality_c.name, "joined_on": network.term_start.isoformat()},
        ),
        "participant_edit": Case(
            reverse("participant_edit", args=[network.slug, p.municipality_a.slug]),
            p.coordinator,
            {"joined_on": network.term_start.isoformat(), "left_on": ""},
        ),
        "network_edit": Case(
            reverse("network_edit", args=[network.slug]), p.coordinator,
            {"name": network.name, "term_start": network.term_start.isoformat(),
             "term_end": network.term_end.isoformat(), "funding_code": "67K18876",
             "staleness_days": "90", "evidence_threshold_mwh": "100", "meeting_reminder_days": "3",
             "interim_report_due_months": "4", "final_report_due_months": "6",
             "factor_set": network.factor_set_id, "version": network.version,
             "measure_settings_version": 0},
        ),
        "successor_new": Case(
            reverse("successor_new", args=[network.slug]), p.coordinator,
            {"name": "Netzwerk Test II", "slug": "netzwerk-test-ii",
             "term_start": later.isoformat(),
             "term_end": later.replace(year=later.year + 3).isoformat(),
             "municipalities": [p.municipality_a.pk, p.municipality_b.pk]},
        ),
        "report_list": Case(reverse("report_list", args=[network.slug]), p.coordinator,
                            {**report, "intent": str(uuid.uuid4())}),
        "report_preview": Case(
            reverse("report_preview", args=[network.slug]), p.coordinator, report
        ),
        "confirmation_request": Case(
            reverse("confirmation_request", args=[network.slug]), p.coordinator,
            {key: report[key] for key in ("kind", "period_start", "period_end")},
        ),
    }  # fmt: skip


# (case, field, whether it is a date and time entered as two inputs)
DATE_INPUTS = [
    ("meeting_new", "starts_at", True), ("meeting_new", "ends_at", True),
    ("meeting_edit", "starts_at", True), ("meeting_edit", "ends_at", True),
    ("meeting_series", "first_date", False), ("meeting_series", "until", False),
    ("action_add", "due_on", False),
    ("measure_new", "planned_start", False), ("measure_new", "planned_end", False),
    ("measure_new", "started_on", False), ("measure_new", "completed_on", False),
    ("measure_edit", "planned_start", False), ("measure_edit", "completed_on", False),
    ("measure_note_add", "date", False),
    ("participant_add", "joined_on", False),
    ("participant_edit", "joined_on", False), ("participant_edit", "left_on", False),
    ("network_edit", "term_start", False), ("network_edit", "term_end", False),
    ("successor_new", "term_start", False), ("successor_new", "term_end", False),
    ("report_list", "period_start", False), ("report_list", "period_end", False),
    ("report_preview", "period_start", False), ("report_preview", "period_end", False),
    ("confirmation_request", "period_start", False),
    ("confirmation_request", "period_end", False),
]  # fmt: skip


def send(client, case, data):
    client.force_login(with_totp(case.user))
    return getattr(client, case.method)(case.url, data)


def bound_forms(response):
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = []
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and value.is_bound and value not in found:
                found.append(value)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted({case for case, _, _ in DATE_INPUTS}))
def test_the_data_of_each_case_is_valid(client, personas, name):
    """So that the test below shows the date alone is refused."""
    case = cases(World(personas))[name]
    response = send(client, case, case.data)
    assert response.status_code in (200, 302), [f.errors for f in bound_forms(response)]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(("name", "field", "split"), DATE_INPUTS)
def test_a_date_outside_the_range_is_a_form_error_in_every_form(
    client, personas, name, field, split, value
):
    case = cases(World(personas))[name]
    data = dict(case.data)
    if split:
        data.update({f"{case.key(field)}_0": value, f"{case.key(field)}_1": "22:00"})
    else:
        data[case.key(field)] = value
    response = send(client, case, data)
    assert response.status_code == 422
    (form,) = [form for form in bound_forms(response) if field in form.fields]
    assert form.errors == {field: [MESSAGE]}
    assert MESSAGE.encode() in response.content


def test_a_meeting_at_the_end_of_pythons_calendar_is_a_message_not_an_overflow(rows):
    """Reading the time in Berlin would leave the year 9999; the range is checked first."""
    meeting = rows[Meeting]
    meeting.starts_at = datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC)
    meeting.ends_at = datetime.datetime(9999, 12, 31, 23, 45, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean()
    assert excinfo.value.message_dict == {"starts_at": [MESSAGE], "ends_at": [MESSAGE]}
