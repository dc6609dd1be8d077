import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import ActionItem, AgendaItem, Decision, Invitee, Meeting
from events.services import MAX_SERIES, series_dates
from lib.dates import DATE_INPUT_ATTRS, DateField, SplitDateTimeField
from networks.models import FocusArea, Membership, Municipality, Network, User


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateTimeWidget(forms.SplitDateTimeWidget):
    """A date and a time input, each labelled on its own for screen readers (Django's
    label of a two-input widget points at neither)."""

    def __init__(self, date_label, time_label):
        super().__init__(
            date_attrs={"type": "date", "aria-label": date_label, **DATE_INPUT_ATTRS},
            time_attrs={"type": "time", "aria-label": time_label},
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class MeetingForm(forms.ModelForm):
    """A meeting's facts. `version` is the meeting's change counter when the form was
    loaded: a save over somebody else's newer change is refused."""

    starts_at = SplitDateTimeField(
        label=_("Beginn"), widget=DateTimeWidget(_("Datum Beginn"), _("Uhrzeit Beginn"))
    )
    ends_at = SplitDateTimeField(
        label=_("Ende"), widget=DateTimeWidget(_("Datum Ende"), _("Uhrzeit Ende"))
    )
    moderator = PersonChoiceField(label=_("Moderation"), queryset=User.objects.none())
    online_url = forms.URLField(
        label=_("Online-Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=Meeting._meta.get_field("online_url").help_text,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = [
            "kind", "title", "starts_at", "ends_at", "venue", "address", "online_url",
            "description", "moderator", "outside_term_confirmed", "shared_with_funder",
        ]  # fmt: skip
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "outside_term_confirmed": _(
                "Ja, das Treffen soll außerhalb der Laufzeit des Netzwerks stattfinden."
            )
        }

    def __init__(self, *args, network: Network, may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.fields["moderator"].queryset = User.objects.moderators_of(network)
        if not may_share:
            # Sharing the record with the funder is the coordination's decision
            # (services.update_meeting checks it too); service providers keep it as is.
            del self.fields["shared_with_funder"]
        if not self.is_bound:
            self.initial["version"] = self.instance.sequence

    def asks_for_confirmation(self) -> bool:
        """The confirmation box is offered once the date is outside the term."""
        return bool(self.instance.outside_term_confirmed or "starts_at" in self.errors)


class SeriesForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        initial=_("{n}. Netzwerktreffen"),
        help_text=_("{n} wird durch die laufende Nummer der Netzwerktreffen ersetzt."),
    )
    first_date = DateField(label=_("Erstes Treffen am"))
    interval_months = forms.TypedChoiceField(
        label=_("Abstand"),
        coerce=int,
        initial=3,
        choices=[
            (1, _("jeden Monat")),
            (2, _("alle 2 Monate")),
            (3, _("alle 3 Monate")),
            (4, _("alle 4 Monate")),
            (6, _("alle 6 Monate")),
        ],
        help_text=_(
            "Immer am selben Wochentag des Monats wie das erste Treffen, z. B. am 2. Dienstag."
        ),
    )
    until = DateField(label=_("Letztes Treffen spätestens am"))
    start_time = forms.TimeField(label=_("Beginn (Uhrzeit)"), widget=TimeInput(), initial="10:00")
    end_time = forms.TimeField(label=_("Ende (Uhrzeit)"), widget=TimeInput(), initial="13:00")
    venue = forms.CharField(label=_("Ort"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Adresse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    online_url = forms.URLField(
        label=_("Online-Link"), max_length=500, required=False, assume_scheme="https"
    )
    moderator = PersonChoiceField(label=_("Moderation"), queryset=User.objects.none())

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["moderator"].queryset = User.objects.moderators_of(network)
        self.fields["until"].initial = network.term_end

    def clean(self):
        data = super().clean()
        network = self.network
        term = network.term_for_messages()
        first, until = data.get("first_date"), data.get("until")
        if first and not network.term_contains(first):
            self.add_error(
                "first_date",
                _("Eine Serie liegt in der Laufzeit des Netzwerks (%(start)s – %(end)s).") % term,
            )
        if until and until > network.term_end:
            self.add_error(
                "until",
                _("Eine Serie liegt in der Laufzeit des Netzwerks (%(start)s – %(end)s).") % term,
            )
        if first and until and until < first:
            self.add_error("until", _("Das Ende der Serie muss nach dem ersten Treffen liegen."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", _("Bitte einen Ort oder einen Online-Link angeben."))
        if not self.errors and first and until:
            # One date more than allowed is enough to tell that there are too many.
            data["dates"] = series_dates(
                first=first, interval_months=data["interval_months"], until=until,
                limit=MAX_SERIES + 1,
            )  # fmt: skip
            if len(data["dates"]) > MAX_SERIES:
                self.add_error(
                    "interval_months",
                    _("Das wären mehr als %(max)s Treffen; bitte einen größeren Abstand "
                      "oder ein früheres Ende wählen.") % {"max": MAX_SERIES},
                )  # fmt: skip
        return data


class AgendaItemForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = ["title", "duration_minutes", "presenter", "focus_area", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["focus_area"].queryset = meeting.network.focus_areas.all()
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 720})
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Ihre Antwort"),
        choices=[
            (Invitee.Answer.YES, _("Ich nehme teil")),
            (Invitee.Answer.MAYBE, _("Vielleicht")),
            (Invitee.Answer.NO, _("Ich kann nicht teilnehmen")),
        ],
        widget=forms.RadioSelect,
    )
    substitute = PersonChoiceField(
        label=_("Vertretung aus Ihrer Kommune"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– keine –"),
    )
    substitute_name = forms.CharField(
        label=_("oder Name der Vertretung"),
        max_length=200,
        required=False,
        help_text=_("Für eine Person ohne Konto im Portal."),
    )
    comment = forms.CharField(label=_("Anmerkung"), max_length=500, required=False)

    def __init__(self, *args, invitee: Invitee, substitutes, **kwargs):
        super().__init__(*args, **kwargs)
        if invitee.municipality_id:
            self.fields["substitute"].queryset = substitutes
        else:
            del self.fields["substitute"]
            del self.fields["substitute_name"]
        if not self.is_bound and invitee.answer != Invitee.Answer.PENDING:
            self.initial.update(
                answer=invitee.answer,
                substitute=invitee.substitute_id,
                substitute_name=invitee.substitute_name,
                comment=invitee.comment,
            )

    def clean(self):
        data = super().clean()
        if data.get("substitute") and data.get("substitute_name"):
            self.add_error(
                "substitute_name", _("Bitte nur eine Vertretung angeben: Person oder Name.")
            )
        return data


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Anwesend"), required=False, widget=forms.CheckboxSelectMultiple
    )
    # The attendance the form was loaded with (services.attendance_stamp): a recording
    # saved meanwhile by somebody else is not overwritten unseen.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, candidates, stamp: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.key: candidate for candidate in candidates}
        self.fields["present"].choices = [(c.key, c.name) for c in candidates]
        if not self.is_bound:
            self.initial["present"] = [c.key for c in candidates if c.preset]
            self.initial["version"] = stamp

    def attended(self):
        return [self.candidates[key] for key in self.cleaned_data["present"]]


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("– keine (Gast) –"),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


# Guests without an account: five rows to start with, more on request (MORE_GUESTS).
MAX_GUESTS = 60
MORE_GUESTS = 5
GuestFormSet = forms.formset_factory(
    GuestForm, extra=MORE_GUESTS, max_num=MAX_GUESTS, absolute_max=MAX_GUESTS
)


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Protokoll"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Markdown: # Überschrift, **fett**, *kursiv*, - Aufzählung, 1. Liste, "
            "[Linktext](https://…)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DecisionForm(forms.ModelForm):
    # The minutes page holds three forms with a text: each its own ids and names.
    prefix = "beschluss"

    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ActionItemForm(forms.ModelForm):
    prefix = "aufgabe"  # see DecisionForm
    responsible_person = PersonChoiceField(
        label=_("verantwortliche Person"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = ActionItem
        fields = ["text", "responsible_municipality", "responsible_person", "due_on"]
        field_classes = {"due_on": DateField}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        network = meeting.network
        municipalities = Municipality.objects.filter(participations__network=network)
        self.fields["responsible_municipality"].queryset = municipalities
        # The network's climate managers and those who may moderate its meetings.
        self.fields["responsible_person"].queryset = (
            User.objects.filter(is_active=True)
            .filter(
                Q(pk__in=Membership.objects.climate_managers_in(network).values("user"))
                | Q(pk__in=User.objects.moderators_of(network).values("pk"))
            )
            .order_by("name", "email")
        )
        if not self.is_bound:
            self.initial.setdefault("due_on", timezone.localdate() + datetime.timedelta(days=28))


class MeasureFromActionForm(forms.Form):
    focus_area = forms.ModelChoiceField(
        label=_("Themenschwerpunkt"), queryset=FocusArea.objects.none()
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = network.focus_areas.all()


class MeetingDocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "Folien, Fotos, Dokumente: PDF, Bilder (JPEG, PNG, WebP) oder Office-Dokumente."
        ),
    )
