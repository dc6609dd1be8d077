"""Recruiting municipalities for a network in its Gewinnungsphase: the prospects and
their written answers, the checklist for the application, and taking the confirmed
ones in as participants.

The funding guideline (Kommunalrichtlinie, networks): up to 12 months of recruitment,
every attempt documented with a written answer, confirmations and refusals alike, and
at least 6 municipalities secured before the network phase can be applied for.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.dates import add_months
from lib.rules import AMBER, GREEN, RED, Rule
from lib.uploads import DOCUMENT_TYPES, check_document, clean_file_name, stored_document
from networks.access import require_network_editor
from networks.models import Network, Participation, Prospect, User

MIN_MUNICIPALITIES = 6  # secured before the network phase may be applied for
MAX_MONTHS = 12  # the longest Gewinnungsphase


def save_prospect(
    *, prospect: Prospect, user: User, letter=None, base_version: int | None = None
) -> Prospect:
    """Record a new prospect or a step of one (with its written answer, if uploaded),
    all or nothing. A prospect already taken in as a participant keeps its
    confirmation. Two people editing one prospect: the later save is refused
    (`base_version`), not silently lost."""
    require_network_editor(user, prospect.network_id)
    with transaction.atomic():
        if prospect.pk:
            current = prospect.lock_for_edit(base_version)
            if current.participation_id and prospect.status != Prospect.Status.CONFIRMED:
                raise ValidationError(
                    {"status": _("Die Kommune ist schon Teilnehmerin; ihre Zusage bleibt.")}
                )
        kept = (prospect.letter.name, prospect.letter_name, prospect.letter_content_type)
        if letter is not None:
            kind = check_document(letter)
            prospect.letter_name = clean_file_name(letter.name, kind)
            prospect.letter_content_type = DOCUMENT_TYPES[kind]
            prospect.letter.save(f"schreiben.{kind}", stored_document(letter, kind), save=False)
        try:
            prospect.full_clean()
            prospect._history_user = user
            with transaction.atomic():
                prospect.save()
        except Exception as error:
            if letter is not None:  # no new file left behind; the form shows the one on file
                prospect.letter.delete(save=False)
                prospect.letter.name, prospect.letter_name, prospect.letter_content_type = kept
            if isinstance(error, IntegrityError):  # someone added it a moment earlier
                raise ValidationError(
                    _("Diese Kommune steht in der Gewinnung dieses Netzwerks bereits.")
                ) from error
            raise
        if letter is not None and kept[0]:
            old_letter, storage = kept[0], prospect.letter.storage
            transaction.on_commit(lambda: storage.delete(old_letter))
    return prospect


def checklist(network: Network, *, today: datetime.date | None = None) -> list[Rule]:
    """The application's checklist, from the prospects as they stand."""
    today = today or timezone.localdate()
    prospects = list(network.prospects.all())
    by_status = {status: [p for p in prospects if p.status == status] for status in Prospect.Status}
    confirmed = by_status[Prospect.Status.CONFIRMED]
    interested = by_status[Prospect.Status.INTERESTED]
    open_ = by_status[Prospect.Status.APPROACHED] + interested
    checks = []

    if len(confirmed) >= MIN_MUNICIPALITIES:
        state = GREEN
    else:
        state = AMBER if len(confirmed) + len(interested) >= MIN_MUNICIPALITIES else RED
    checks.append(Rule(
        state,
        _("Mindestens %(count)s Kommunen haben schriftlich zugesagt.")
        % {"count": MIN_MUNICIPALITIES},
        ngettext("%(count)s schriftliche Zusage, %(interested)s interessiert.",
                 "%(count)s schriftliche Zusagen, %(interested)s interessiert.", len(confirmed))
        % {"count": len(confirmed), "interested": len(interested)},
    ))  # fmt: skip

    checks.append(Rule(
        GREEN if prospects and not open_ else AMBER,
        _("Jede Ansprache ist schriftlich beantwortet, Zusagen wie Absagen."),
        ngettext("%(count)s Kommune hat noch nicht schriftlich geantwortet.",
                 "%(count)s Kommunen haben noch nicht schriftlich geantwortet.", len(open_))
        % {"count": len(open_)}
        if prospects else _("Noch keine Kommune angesprochen."),
    ))  # fmt: skip

    checks.append(_months(network, prospects, today))

    without_target = [p for p in confirmed if p.target_energy_mwh is None]
    checks.append(Rule(
        GREEN if confirmed and not without_target else AMBER,
        _("Jede zusagende Kommune hat ein Einsparziel (MWh/a)."),
        ", ".join(p.municipality.name for p in without_target)
        if without_target else (_("Alle mit Ziel.") if confirmed else _("Noch keine Zusage.")),
    ))  # fmt: skip

    waiting = [p for p in confirmed if p.participation_id is None]
    checks.append(Rule(
        GREEN if confirmed and not waiting else AMBER,
        _("Die zusagenden Kommunen sind als Teilnehmende übernommen."),
        ngettext("%(count)s Zusage ist noch nicht übernommen.",
                 "%(count)s Zusagen sind noch nicht übernommen.", len(waiting))
        % {"count": len(waiting)}
        if waiting else (_("Alle übernommen.") if confirmed else _("Noch keine Zusage.")),
    ))  # fmt: skip
    return checks


def _months(network: Network, prospects: list, today: datetime.date) -> Rule:
    """The Gewinnungsphase lasts at most MAX_MONTHS from the first approach."""
    first = min((p.approached_on for p in prospects), default=None)
    if first is None:
        return Rule(AMBER, _months_rule(), _("Die Gewinnung hat noch nicht begonnen."))
    limit = add_months(first, MAX_MONTHS)
    # A term starting after the 12 months: amber while they last, then red.
    state = GREEN if network.term_start <= limit else AMBER if today <= limit else RED
    return Rule(
        state,
        _months_rule(),
        _("Erste Ansprache am %(first)s; die %(months)s Monate enden am %(limit)s, "
          "die Laufzeit beginnt am %(start)s.")
        % {"first": _day(first), "months": MAX_MONTHS, "limit": _day(limit),
           "start": _day(network.term_start)},
    )  # fmt: skip


def _months_rule() -> str:
    return _("Die Gewinnungsphase dauert höchstens %(months)s Monate.") % {"months": MAX_MONTHS}


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def take_in_confirmed(
    *, network: Network, user: User, today: datetime.date | None = None
) -> list[Participation]:
    """Make every confirmed prospect not yet taken in a participant, with its targets,
    joining at the start of the term (or today, once the term has begun); all or
    nothing. Needs at least MIN_MUNICIPALITIES confirmations. A municipality that
    already takes part keeps its participation, which the prospect then names."""
    require_network_editor(user, network.pk)
    today = today or timezone.localdate()
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)
        confirmed = list(
            network.prospects.select_for_update()
            .filter(status=Prospect.Status.CONFIRMED)
            .select_related("municipality")
        )
        if len(confirmed) < MIN_MUNICIPALITIES:
            raise ValidationError(
                _(
                    "Erst ab %(min)s schriftlichen Zusagen: bisher %(count)s. So verlangt es "
                    "die Förderrichtlinie für die Netzwerkphase."
                )
                % {"min": MIN_MUNICIPALITIES, "count": len(confirmed)}
            )
        joined_on = min(max(network.term_start, today), network.term_end)
        taken = []
        for prospect in confirmed:
            if prospect.participation_id:
                continue
            participation = Participation.objects.filter(
                network=network, municipality=prospect.municipality
            ).first()
            if participation is None:
                participation = Participation(
                    network=network,
                    municipality=prospect.municipality,
                    joined_on=joined_on,
                    target_energy_mwh=prospect.target_energy_mwh,
                    target_co2_t=prospect.target_co2_t,
                )
                participation.full_clean()
                participation._history_user = user
                participation.save()
                taken.append(participation)
            prospect.participation = participation
            prospect._history_user = user
            prospect.save(update_fields=["participation", "updated_at"])  # raises the version
    return taken
