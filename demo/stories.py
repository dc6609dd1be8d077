"""A demo measure's story, for `manage.py seed_demo`: saved step by step by its
climate manager (logged as planned, started, then finished or put aside), with
progress notes and a history dated to the days it happened, so the measure pages, the
history and the reports of a past period show what was known then. Used by the ended
networks (demo/data.py) and the running one (demo/partner.py)."""

import datetime

from measures.models import Measure, ProgressNote
from measures.services import save_measure
from networks.models import User

PROGRESS_NOTES = [
    "Angebote eingeholt; der Bauausschuss hat die Vergabe beschlossen.",
    "Umsetzung begonnen. Die Lieferung verzögert sich um etwa vier Wochen.",
    "Abnahme erfolgt; die ersten Messwerte bestätigen die geplante Einsparung.",
]
LATEST_NOTE = "Zwischenstand im Netzwerktreffen vorgestellt; die Umsetzung läuft nach Plan."


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def tell_story(
    measure: Measure,
    author: User,
    status: str,
    *,
    started: datetime.date | None,
    completed: datetime.date,
    created: datetime.date | None = None,
    latest_note: datetime.date | None = None,
) -> None:
    """Save the (unsaved) measure as it was worked on up to `status`. It was logged on
    `created` (30 days before its planned start unless given); `latest_note` adds a
    recent progress note, which counts as an update (a running network's measures are
    kept up to date)."""
    created_at = noon(created or measure.planned_start - datetime.timedelta(days=30))
    steps = [(created_at, {})]
    if started:
        steps.append((noon(started), {"status": Measure.Status.IN_PROGRESS, "started_on": started}))
    if status == Measure.Status.COMPLETED:
        steps.append((noon(completed), {"status": status, "completed_on": completed}))
    elif status in (Measure.Status.POSTPONED, Measure.Status.CANCELLED):
        put_aside = measure.planned_start + datetime.timedelta(days=60)
        steps.append((noon(put_aside), {"status": status}))
    for _when, changes in steps:
        for field, value in changes.items():
            setattr(measure, field, value)
        save_measure(measure=measure, user=author)
    history = list(measure.history.order_by("history_date", "history_id"))
    for record, (when, _changes) in zip(history, steps, strict=True):
        type(record).objects.filter(pk=record.pk).update(history_date=when)
    notes = []
    if started:
        notes.append((started - datetime.timedelta(days=7), PROGRESS_NOTES[0]))
        notes.append((started + datetime.timedelta(days=30), PROGRESS_NOTES[1]))
    if status == Measure.Status.COMPLETED:
        notes.append((completed, PROGRESS_NOTES[2]))
    updated_at = steps[-1][0]
    if latest_note:
        notes.append((latest_note, LATEST_NOTE))
        updated_at = max(updated_at, noon(latest_note))
    ProgressNote.objects.bulk_create(
        ProgressNote(measure=measure, author=author, date=day, text=text) for day, text in notes
    )
    Measure.objects.filter(pk=measure.pk).update(created_at=created_at, updated_at=updated_at)
