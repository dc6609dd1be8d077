"""The evidence behind the demo measures' savings (issue 34): a mix of measured,
calculated and estimated, a check by the coordination against a document, and one
completed measure with large savings that says nothing, which the compliance page
flags."""

import datetime
from decimal import Decimal

from django.utils import timezone

from demo.stories import noon
from measures.models import Measure
from measures.services import check_measure
from networks.models import User

# Completed measures: measured or calculated mostly; unfinished ones were planned
# with a study or an estimate.
COMPLETED_CYCLE = ["measured", "calculated", "measured", "estimated"]
UNFINISHED_CYCLE = ["calculated", "estimated"]
SOURCES = [
    "Energieaudit nach DIN EN 16247-1, Ingenieurbüro (Beispieldaten)",
    "Machbarkeitsstudie der Energieagentur (Beispieldaten)",
]
NOTES = {
    "measured": "Zählerstände vor und nach der Maßnahme, nicht witterungsbereinigt.",
    "calculated": "Einsparung nach der Berechnung im Gutachten übernommen.",
    "estimated": "Schätzung nach Herstellerangaben und Erfahrungswerten.",
}
# (municipality, title): a completed measure with large savings that does not say how
# they were found, for the compliance page's flag.
WITHOUT_EVIDENCE = ("salzkotten", "Sanierung der Heizzentrale im Schwimmbad")
# (municipality, title, days after completion): checked by the coordination against
# its acceptance record, as a funder's sample check would.
CHECKED = [("bad-driburg", "Hydraulischer Abgleich im Rathaus", 20)]
CHECK_NOTE = "Stichprobe: Zählerstände im Abnahmeprotokoll stimmen mit den Angaben überein."


def give_evidence(measure: Measure, status: str, n: int, completed: datetime.date) -> None:
    """Set how the (unsaved) demo measure's savings were found, before its story is
    told, so that its history has it from the start; measures without savings (a study)
    get none."""
    if not measure.pending_energy and not measure.co2_manual:
        return
    if (measure.participation.municipality.slug, measure.title) == WITHOUT_EVIDENCE:
        return
    finished = status == Measure.Status.COMPLETED
    evidence = (COMPLETED_CYCLE if finished else UNFINISHED_CYCLE)[n % (4 if finished else 2)]
    if any(key[:2] == (measure.participation.municipality.slug, measure.title) for key in CHECKED):
        evidence = "measured"  # the acceptance record holds the readings
    if evidence == "measured" and not measure.pending_energy:
        evidence = "estimated"  # a fleet's fuel: no meter to read
    measure.evidence = evidence
    measure.evidence_note = NOTES[evidence]
    if evidence == "calculated":
        measure.evidence_source = SOURCES[n % len(SOURCES)]
    elif evidence == "measured":
        saved = sum((line.signed_kwh() for line in measure.pending_energy), Decimal(0))
        before = (saved * 10 / 3).quantize(Decimal(1))
        measure.consumption_before_kwh, measure.consumption_after_kwh = before, before - saved
        start = completed + datetime.timedelta(days=1)
        if start + datetime.timedelta(days=365) <= timezone.localdate():
            measure.measured_from = start
            measure.measured_until = start + datetime.timedelta(days=365)


def load_checks(*, network_names: list[str], coordinator: User) -> None:
    """The coordination's check of a few completed measures against their document,
    dated some days after completion (the reports of the time show it)."""
    for slug, title, days in CHECKED:
        measure = Measure.objects.filter(
            participation__network__name__in=network_names,
            participation__municipality__slug=slug,
            title=title,
        ).first()
        if measure is None or measure.history.filter(checked_at__isnull=False).exists():
            continue
        document = measure.documents.first()
        Measure.objects.filter(pk=measure.pk).update(evidence_document=document)
        measure.history.update(evidence_document=document)
        measure.refresh_from_db()
        check_measure(
            measure=measure,
            user=coordinator,
            document=document,
            note=CHECK_NOTE,
            base_version=measure.version,
        )
        when = noon(measure.completed_on + datetime.timedelta(days=days))
        Measure.objects.filter(pk=measure.pk).update(checked_at=when, updated_at=when)
        record = measure.history.order_by("-history_date", "-history_id").first()
        type(record).objects.filter(pk=record.pk).update(history_date=when, checked_at=when)
