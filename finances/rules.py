"""The finances' rules for the compliance view (reports.compliance): one rule per
family of checks (finances.checks) and one for the proofs' deadlines, each green
(no finding), amber (a warning, a deadline near) or red (an error, a deadline
passed), linking to the finances overview. Only for those who read the network's
finances (finances.access.networks_readable_by): the caller decides who sees them."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from finances.checks import ERROR, Finding, eur
from finances.deadlines import APPROACHING, MET, PASSED, proof_deadlines
from finances.figures import findings, read_rows
from finances.models import Grant
from lib.rules import AMBER, GREEN, RED, Rule
from networks.models import Network

# A rule lists at most this many findings; the overview lists them all.
MAX_LISTED = 10


def _families(grant: Grant, pr_cap) -> list[tuple[str, str, tuple[str, ...]]]:
    """(rule key, what the rule asks, the keys of the findings that break it)."""
    return [
        ("finances-period", _("Alle Zahlungen liegen im Bewilligungszeitraum."),
         ("payment_outside_period",)),
        ("finances-twice", _("Keine Rechnung ist doppelt gebucht."),
         ("invoice_booked_twice", "invoice_maybe_twice")),
        ("finances-documents", _("Jeder Beleg hat Rechnung und Zahlungsnachweis."),
         ("receipt_without_documents",)),
        ("finances-lines",
         _("Keine Ausgabenposition liegt mehr als %(tolerance)s %% über ihrem Plan.")
         % {"tolerance": number_format(grant.tolerance_percent.normalize(), 0)},
         ("line_over_plan",)),
        ("finances-grant",
         _("Die Zuwendung bleibt in Förderquote und Höchstbetrag."),
         ("grant_above_maximum", "grant_above_rate")),
        ("finances-call-offs",
         _("Abgerufen wird nur, was binnen sechs Wochen ausgezahlt wird."),
         ("call_off_above_expected",)),
        ("finances-spent", _("Abgerufene Mittel sind binnen sechs Wochen ausgegeben."),
         ("money_not_spent",)),
        ("finances-public-relations",
         _("Öffentlichkeitsarbeit höchstens %(cap)s je teilnehmender Kommune.")
         % {"cap": eur(pr_cap)},
         ("public_relations_above_cap",)),
    ]  # fmt: skip


def _listed(found: list[Finding]) -> tuple[str, ...]:
    lines = [f"{f.where}: {f.what}" for f in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        rest = len(found) - MAX_LISTED
        lines.append(ngettext("… und %(count)s weiterer", "… und %(count)s weitere", rest)
                     % {"count": rest})  # fmt: skip
    return tuple(lines)


def _family_rule(key: str, rule: str, found: list[Finding], link: str) -> Rule:
    errors = [f for f in found if f.level == ERROR]
    if not found:
        return Rule(GREEN, rule, _("Keine Auffälligkeiten."), link, key=key)
    finding = (
        ngettext("%(count)s Fehler.", "%(count)s Fehler.", len(errors)) % {"count": len(errors)}
        if errors
        else ngettext("%(count)s Hinweis.", "%(count)s Hinweise.", len(found))
        % {"count": len(found)}
    )
    return Rule(RED if errors else AMBER, rule, finding, link, _listed(found), key=key)


def _deadlines_rule(grant: Grant, today: datetime.date, link: str) -> Rule:
    deadlines = proof_deadlines(grant, today=today)
    passed = [d for d in deadlines if d.state == PASSED]
    near = [d for d in deadlines if d.state == APPROACHING]
    rule = _("Zwischennachweise und Verwendungsnachweis fristgerecht.")
    if passed or near:
        state = RED if passed else AMBER
        gaps = tuple(f"{d}: {d.state_label}" for d in [*passed, *near])
        finding = (
            ngettext("%(count)s Frist verstrichen.", "%(count)s Fristen verstrichen.", len(passed))
            % {"count": len(passed)}
            if passed
            else ngettext("%(count)s Frist naht.", "%(count)s Fristen nahen.", len(near))
            % {"count": len(near)}
        )
        return Rule(state, rule, finding, link, gaps, key="finances-deadlines")
    upcoming = next((d for d in deadlines if d.state != MET), None)
    finding = (
        _("Als Nächstes: %(deadline)s.") % {"deadline": upcoming}
        if upcoming
        else _("Alle Nachweise erbracht.")
    )
    return Rule(GREEN, rule, finding, link, key="finances-deadlines")


def finance_rules(network: Network, *, today: datetime.date) -> list[Rule]:
    """The finances' rules for a network with a grant (none without one)."""
    grant = Grant.objects.filter(network=network).select_related("network").first()
    if grant is None:
        return []
    found = findings(grant, read_rows(grant), today=today)
    link = reverse("finances", args=[network.slug])
    rules = [
        _family_rule(key, rule, [f for f in found if f.key in keys], link)
        for key, rule, keys in _families(grant, settings.FINANCES_PR_CAP_PER_PARTICIPANT)
    ]
    return [*rules, _deadlines_rule(grant, today, link)]
