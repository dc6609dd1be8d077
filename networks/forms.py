import re

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.dates import DateField
from lib.numbers import LocalizedDecimalField
from networks.models import (
    Invitation,
    Municipality,
    Network,
    Organisation,
    Participation,
    Prospect,
    Role,
    RoleScope,
)


class InvitationForm(forms.ModelForm):
    """Invite an e-mail address into a role; the choices are the inviter's scopes.

    Each role needs its own scope fields (RoleScope.SCOPES): the form shows them all,
    says on each which roles it serves (`data-roles`, which static/js/invitation-form.js
    uses to show only the chosen role's), and ignores what was left in the others."""

    SCOPE_FIELDS = ("organisation", "network", "municipality")

    class Meta:
        model = Invitation
        fields = ["email", "role", "organisation", "network", "municipality"]

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        networks = Network.objects.editable_by(inviter)
        self.fields["network"].queryset = networks
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=Participation.objects.filter(network__in=networks).values("municipality")
        )
        if not inviter.is_superuser:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                Q(memberships__user=inviter, memberships__role="coordinator")
                | Q(kind__in=[Organisation.Kind.SERVICE_PROVIDER, Organisation.Kind.FUNDER])
            ).distinct()
        # A coordinator of one organisation grants the climate-manager and finance roles
        # for it.
        own = list(Organisation.objects.coordinated_by(inviter))
        self.granting = own[0] if len(own) == 1 else None
        for name in self.SCOPE_FIELDS:
            self.fields[name].widget.attrs["data-roles"] = " ".join(self.roles_using(name))

    def roles_using(self, name: str) -> list[str]:
        """The roles for which the form asks for this scope field."""
        return [
            role
            for role, (_required, allowed) in RoleScope.SCOPES.items()
            if name in allowed
            and not (
                name == "organisation"
                and role in (Role.CLIMATE_MANAGER, Role.FINANCE)
                and self.granting
            )
        ]

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in RoleScope.SCOPES:
            # What the chosen role does not use is ignored: without JavaScript every
            # field is shown, and one filled for another role is no mistake.
            for name in self.SCOPE_FIELDS:
                if role not in self.roles_using(name):
                    cleaned[name] = None
        if role in (Role.CLIMATE_MANAGER, Role.FINANCE) and self.granting:
            cleaned["organisation"] = self.granting
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        if not self.instance.may_be_sent_by(self.inviter):
            self.add_error(
                None,
                _(
                    "In diesen Bereich können Sie nicht einladen: Klimaschutzmanager*innen "
                    "lädt der Netzwerkträger einer Kommune ein, die an seinen Netzwerken "
                    "teilnimmt."
                ),
            )


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif first:
            from networks.models import User

            try:
                validate_password(first, User(email=self.email, name=cleaned.get("name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


SUGGESTIONS = 10
CHOSEN = re.compile(r"\((\d{8})\)\s*$")  # "Altenbeken (05774004)", as a suggestion reads


def municipality_label(municipality: Municipality) -> str:
    return f"{municipality.name} ({municipality.ags})"


def find_municipalities(queryset, text: str, limit: int = SUGGESTIONS):
    """Municipalities of the queryset whose name contains the text or whose AGS starts
    with it, by name: the suggestions while someone types."""
    text = CHOSEN.sub("", text).strip()
    if not text:
        return queryset.none()
    return queryset.filter(Q(name__icontains=text) | Q(ags__startswith=text)).order_by("name")[
        :limit
    ]


class MunicipalitySearchInput(forms.TextInput):
    """A text box with suggestions as one types (htmx fills its <datalist> from
    `suggestions_url`); without JavaScript the server reads what was typed. Hundreds
    of municipalities no longer sit in every page as options."""

    template_name = "networks/widgets/municipality_search.html"

    def __init__(self, *, suggestions_url: str = "", attrs=None):
        super().__init__(attrs)
        self.suggestions_url = suggestions_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id', name)}-vorschlaege"
        widget_attrs["autocomplete"] = "off"
        if self.suggestions_url:
            widget_attrs.update(
                {
                    "hx-get": self.suggestions_url,
                    "hx-trigger": "input changed delay:250ms",
                    "hx-target": f"#{widget_attrs['list']}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )
        return context

    def format_value(self, value):
        if isinstance(value, Municipality):
            return municipality_label(value)
        return super().format_value(value)


class MunicipalityField(forms.Field):
    """A municipality among `queryset`, typed by name, AGS or slug, or chosen from the
    suggestions ("Altenbeken (05774004)"). A name that fits several, or none, is
    explained in German with the candidates."""

    widget = MunicipalitySearchInput

    def __init__(self, *, queryset=None, **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Municipality.objects.none()

    def to_python(self, value):
        if isinstance(value, Municipality):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        chosen = CHOSEN.search(text)
        if chosen:
            found = list(self.queryset.filter(ags=chosen.group(1))[:2])
        else:
            exact = Q(name__iexact=text) | Q(ags=text) | Q(slug=text)
            found = list(self.queryset.filter(exact).order_by("name")[: SUGGESTIONS + 1])
        if len(found) == 1:
            return found[0]
        if found:
            raise forms.ValidationError(
                _("Mehrere Kommunen heißen „%(text)s“: %(names)s. Bitte eine mit AGS wählen."),
                code="ambiguous",
                params={"text": text, "names": ", ".join(map(municipality_label, found))},
            )
        similar = list(find_municipalities(self.queryset, text, 5))
        if similar:
            raise forms.ValidationError(
                _("Keine Kommune heißt „%(text)s“. Meinten Sie: %(names)s?"),
                code="similar",
                params={"text": text, "names": ", ".join(map(municipality_label, similar))},
            )
        raise forms.ValidationError(
            _("Keine passende Kommune zu „%(text)s“ gefunden."),
            code="unknown",
            params={"text": text},
        )


class ParticipationForm(forms.ModelForm):
    """Joining and leaving dates and savings targets of a municipality in a network.

    Numbers are localised, so "1.234,5" is read as in German."""

    class Meta:
        model = Participation
        fields = ["joined_on", "left_on", "target_energy_mwh", "target_co2_t", "funding_code"]
        localized_fields = ["target_energy_mwh", "target_co2_t"]
        field_classes = {
            "joined_on": DateField,
            "left_on": DateField,
            "target_energy_mwh": LocalizedDecimalField,
            "target_co2_t": LocalizedDecimalField,
        }


class AddParticipantForm(ParticipationForm):
    """A municipality joins: found by typing its name or AGS (suggestions as one
    types), among those not yet in the network."""

    municipality = MunicipalityField(
        label=_("Kommune"), help_text=_("Name oder AGS eingeben und aus den Vorschlägen wählen.")
    )

    class Meta(ParticipationForm.Meta):
        fields = ["municipality", *ParticipationForm.Meta.fields]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.fields["municipality"].queryset = addable_municipalities(network)
        self.fields["municipality"].widget.suggestions_url = reverse(
            "participant_suggestions", args=[network.slug]
        )
        self.fields.pop("left_on")
        if not self.is_bound:
            self.initial.setdefault("joined_on", network.term_start)


def addable_municipalities(network: Network):
    """The municipalities that could join the network: those not yet in it."""
    return Municipality.objects.exclude(participations__network=network)


class SuccessorForm(forms.Form):
    """Found a successor network: the continuing municipalities are preselected."""

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Kurzname (URL)"), max_length=100)
    term_start = DateField(label=_("Laufzeit von"))
    term_end = DateField(label=_("Laufzeit bis"))
    funding_code = forms.CharField(
        label=_("Förderkennzeichen"),
        max_length=20,
        required=False,
        help_text=_("Darf in der Gewinnungsphase leer bleiben."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Fortsetzende Kommunen"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    copy_targets = forms.BooleanField(
        label=_("Einsparziele übernehmen"), required=False, initial=True
    )

    def __init__(self, *args, predecessor: Network, **kwargs):
        super().__init__(*args, **kwargs)
        continuing = Municipality.objects.filter(
            participations__network=predecessor, participations__left_on__isnull=True
        ).order_by("name")
        self.fields["municipalities"].queryset = continuing
        if not self.is_bound:
            self.initial.setdefault("municipalities", list(continuing))
            self.initial.setdefault("name", f"{predecessor.name} (Nachfolge)")


class NetworkForm(forms.ModelForm):
    """A coordinator's edit of a network. `version` is the network's version the form
    was loaded with, so a save over somebody else's newer change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Network
        fields = [
            "name", "description", "is_public", "term_start", "term_end", "focus_areas",
            "service_providers", "funding_ministry", "funding_programme", "funding_agency",
            "funding_code", "funding_notice", "factor_set", "contact_name", "contact_role",
            "contact_email", "contact_phone",
        ]  # fmt: skip
        field_classes = {"term_start": DateField, "term_end": DateField}
        widgets = {
            "focus_areas": forms.CheckboxSelectMultiple,
            "service_providers": forms.CheckboxSelectMultiple,
        }

    # The grant's names, shown together under their own heading (field_groups).
    FUNDING_FIELDS = (
        "funding_ministry", "funding_programme", "funding_agency", "funding_code",
        "funding_notice",
    )  # fmt: skip

    def field_groups(self) -> list[tuple[str, list]]:
        """The visible fields as the page shows them: those before the funding, the
        funding under its heading ("Förderung"), those after it."""
        before, funding, after = [], [], []
        for field in self.visible_fields():
            if field.name in self.FUNDING_FIELDS:
                funding.append(field)
            else:
                (after if funding else before).append(field)
        return [("", before), (_("Förderung"), funding), ("", after)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable default would add a hidden copy of the initial value.
        self.fields["factor_set"].show_hidden_initial = False
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Bild"), help_text=_("JPEG, PNG oder WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )  # fmt: skip
    alt_text = forms.CharField(
        label=_("Alternativtext"),
        max_length=300,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen können."),
    )
    caption = forms.CharField(label=_("Bildunterschrift"), max_length=300, required=False)


class ProspectForm(forms.ModelForm):
    """A step in recruiting a municipality: its state, the dates, the written answer.
    The service checks the whole prospect with its letter (networks.recruitment) and
    the view reports what it finds on the fields."""

    letter = forms.FileField(
        label=_("Schreiben hochladen"),
        required=False,
        help_text=_(
            "Die schriftliche Zusage (Absichtserklärung) oder Absage: PDF, Bild oder "
            "Office-Dokument."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Prospect
        fields = [
            "status", "approached_on", "interested_on", "answered_on", "decline_reason",
            "contact_name", "contact_email", "target_energy_mwh", "target_co2_t", "notes",
        ]  # fmt: skip
        localized_fields = ["target_energy_mwh", "target_co2_t"]
        field_classes = {
            "approached_on": DateField,
            "interested_on": DateField,
            "answered_on": DateField,
            "target_energy_mwh": LocalizedDecimalField,
            "target_co2_t": LocalizedDecimalField,
        }
        widgets = {
            "decline_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        # Only fill the instance: the service validates it with its letter.
        self.instance = forms.models.construct_instance(
            self, self.instance, self._meta.fields, self._meta.exclude
        )


class AddProspectForm(ProspectForm):
    """A municipality approached: found by name or AGS among those not yet in the
    network's recruitment."""

    municipality = MunicipalityField(
        label=_("Kommune"), help_text=_("Name oder AGS eingeben und aus den Vorschlägen wählen.")
    )

    class Meta(ProspectForm.Meta):
        fields = ["municipality", *ProspectForm.Meta.fields]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.fields["municipality"].queryset = recruitable_municipalities(network)
        self.fields["municipality"].widget.suggestions_url = reverse(
            "prospect_suggestions", args=[network.slug]
        )
        if not self.is_bound:
            self.initial.setdefault("approached_on", timezone.localdate())


def recruitable_municipalities(network: Network):
    """The municipalities that could be approached for the network: those not yet in
    its recruitment."""
    return Municipality.objects.exclude(prospects__network=network)
