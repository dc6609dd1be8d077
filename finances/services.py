"""Changing a network's finances: the grant, the financing plan, receipts (also
imported from a spreadsheet) and call-offs. Each service checks who calls it
(finances.access), saves all or nothing, and refuses an edit based on a version
somebody has changed since (lib.conflicts)."""

import secrets
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from finances import imports
from finances.access import require_finance_keeper
from finances.models import (
    BudgetLine,
    CallOff,
    Financing,
    Grant,
    PlanChange,
    PlannedAmount,
    Receipt,
    ReceiptImport,
)
from lib.intents import AlreadyDone, done_before, repeat_of
from lib.uploads import DOCUMENT_TYPES, check_document, clean_file_name, stored_document
from networks.models import User


def save_grant(*, grant: Grant, user: User, base_version: int | None = None) -> Grant:
    require_finance_keeper(user, grant.network_id)
    with transaction.atomic():
        if grant.pk:
            grant.lock_for_edit(base_version)
        grant.full_clean()
        grant._history_user = user
        grant.save()
    return grant


def plan_snapshot(grant: Grant) -> dict:
    """The financing plan as it stands, for its version (PlanChange.plan)."""
    return {
        "lines": [
            {
                "kind": line.kind,
                "name": line.name,
                "planned": {str(a.year): str(a.amount) for a in line.planned_amounts.all()},
            }
            for line in grant.budget_lines.prefetch_related("planned_amounts")
        ],
        "financing": [
            {"source": f.source, "year": f.year, "amount": str(f.amount)}
            for f in grant.financings.all()
        ],
    }


def save_plan(
    *,
    grant: Grant,
    user: User,
    planned: dict[tuple[int, int], Decimal | None],
    financing: dict[tuple[str, int], Decimal | None],
    new_line: tuple[str, str] | None,
    new_line_planned: dict[int, Decimal | None],
    changed_on,
    reason: str,
) -> PlanChange:
    """Save the financing plan as a new version with its date and reason: the planned
    amount per (line id, year), the financing per (source, year), and optionally a new
    line (kind, name) with its planned amounts per year. An empty amount removes it."""
    require_finance_keeper(user, grant.network_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Bitte den Grund der Änderung angeben.")})
    with transaction.atomic():
        Grant.objects.select_for_update().get(pk=grant.pk)
        lines = {line.pk: line for line in grant.budget_lines.all()}
        if new_line:
            kind, name = new_line
            line = BudgetLine(grant=grant, kind=kind, name=name.strip(), position=len(lines) + 1)
            line.full_clean()
            line.save()
            lines[line.pk] = line
            planned = {**planned, **{(line.pk, y): v for y, v in new_line_planned.items()}}
        for (line_id, year), amount in planned.items():
            if line_id not in lines:
                continue
            _put(PlannedAmount, {"line": lines[line_id], "year": year}, amount)
        for (source, year), amount in financing.items():
            _put(Financing, {"grant": grant, "source": source, "year": year}, amount)
        number = (grant.plan_changes.aggregate(n=Max("number"))["n"] or 0) + 1
        change = PlanChange(
            grant=grant,
            number=number,
            changed_on=changed_on,
            reason=reason.strip(),
            plan=plan_snapshot(grant),
            recorded_by=user,
        )
        change.full_clean()
        change.save()
    return change


def _put(model, keys: dict, amount: Decimal | None) -> None:
    row = model.objects.filter(**keys).first()
    if amount is None:
        if row:
            row.delete()
        return
    row = row or model(**keys)
    row.amount = amount
    row.full_clean()
    row.save()


def next_receipt_number(grant: Grant) -> int:
    return (grant.receipts.aggregate(n=Max("number"))["n"] or 0) + 1


def save_receipt(
    *,
    receipt: Receipt,
    user: User,
    invoice=None,
    payment_proof=None,
    base_version: int | None = None,
) -> Receipt:
    """Book a receipt or save a change to it, with new files if uploaded (checked by
    their content, stored under a random name). All or nothing: a refused save leaves
    no new file behind. The checks (finances.checks) never refuse a receipt."""
    require_finance_keeper(user, receipt.grant.network_id)
    uploads = {"invoice": invoice, "payment_proof": payment_proof}
    kinds = {}
    errors = {}
    for field, upload in uploads.items():
        if upload is not None:
            try:
                kinds[field] = check_document(upload)
            except ValidationError as error:
                errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if receipt.pk:
            receipt.lock_for_edit(base_version)
        else:
            receipt.created_by = user
        receipt.full_clean()
        kept = {field: getattr(receipt, field).name for field in uploads}
        stored = []
        try:
            for field, kind in kinds.items():
                upload = uploads[field]
                setattr(receipt, f"{field}_name", clean_file_name(upload.name, kind))
                setattr(receipt, f"{field}_content_type", DOCUMENT_TYPES[kind])
                getattr(receipt, field).save(
                    f"beleg.{kind}", stored_document(upload, kind), save=False
                )
                stored.append(field)
            receipt._history_user = user
            with transaction.atomic():
                receipt.save()
        except Exception as error:
            for field in stored:
                getattr(receipt, field).delete(save=False)
                getattr(receipt, field).name = kept[field]
            if isinstance(error, IntegrityError):  # someone took the number a moment earlier
                raise ValidationError(
                    {"number": _("Diese Belegnummer ist schon vergeben.")}
                ) from error
            raise
        for field in stored:
            if kept[field]:
                old, storage = kept[field], getattr(receipt, field).storage
                transaction.on_commit(lambda old=old, storage=storage: storage.delete(old))
    return receipt


def save_call_off(
    *,
    call_off: CallOff,
    user: User,
    base_version: int | None = None,
    intent: uuid.UUID | None = None,
) -> CallOff:
    """Record a call-off or save a change to it. `intent` is a new call-off's form token
    (lib.intents): the same form sent again raises AlreadyDone with the call-off the
    first sending made, and nothing new is saved."""
    require_finance_keeper(user, call_off.grant.network_id)
    try:
        with transaction.atomic():
            if call_off.pk:
                call_off.lock_for_edit(base_version)
            else:
                # Locks the grant: the same form sent twice at once waits here for the first.
                Grant.objects.select_for_update().get(pk=call_off.grant_id)
                if (done := done_before(call_off.grant.call_offs, intent)) is not None:
                    raise AlreadyDone(done)
                call_off.intent = intent
            call_off.full_clean()
            call_off._history_user = user
            call_off.save()
    except IntegrityError as error:
        if (repeat := repeat_of(call_off.grant.call_offs, intent)) is not None:
            raise repeat from error
        raise
    return call_off


def keep_receipt_import(*, grant: Grant, user: User, file_name: str, rows: list) -> ReceiptImport:
    """Keep the rows of a checked file until its importer confirms or cancels them. A
    person's earlier pending previews for the grant are dropped: only the last counts."""
    require_finance_keeper(user, grant.network_id)
    grant.imports.filter(user=user, state=ReceiptImport.State.PENDING).delete()
    return ReceiptImport.objects.create(
        token=secrets.token_hex(16),
        grant=grant,
        user=user,
        file_name=PurePath(file_name.replace("\\", "/")).name[:255],
        rows=imports.rows_to_store(rows, imports.german_headers()),
    )


def _lock_pending(preview: ReceiptImport, user: User) -> ReceiptImport:
    """The preview, locked until the transaction ends; ValidationError if it is used.
    A second request for it (a double click, a second tab) waits here and then finds
    it used, so nothing is imported twice."""
    if preview.user_id != user.pk:
        raise PermissionDenied
    require_finance_keeper(user, preview.grant.network_id)
    locked = ReceiptImport.objects.select_for_update().filter(pk=preview.pk).first()
    if locked is None:
        raise ValidationError(
            _("Diese Vorschau ist abgelaufen. Bitte die Datei neu hochladen."), code="expired"
        )
    if locked.state == ReceiptImport.State.IMPORTED:
        raise ValidationError(
            _("Diese Datei ist schon importiert; es wurde nichts doppelt angelegt."),
            code="imported",
        )
    if locked.state == ReceiptImport.State.CANCELLED:
        raise ValidationError(
            _("Dieser Import ist abgebrochen. Bitte die Datei neu hochladen."), code="cancelled"
        )
    return locked


def confirm_receipt_import(*, preview: ReceiptImport, user: User) -> list[imports.ImportRow]:
    """Import the rows of a preview once, all or nothing. They are checked again, as
    receipts may have been booked since the preview (rows without a number then get
    the numbers after those). Returns the rows checked: if any has errors, nothing is
    stored and the preview stays pending; else the receipts are saved and the preview
    marked imported, in one transaction."""
    with transaction.atomic():
        locked = _lock_pending(preview, user)
        # Imports and bookings into the grant take their numbers one after the other.
        grant = Grant.objects.select_for_update().get(pk=locked.grant_id)
        rows = imports.validate_rows(imports.stored_rows(locked.rows), grant=grant)
        if not rows or any(row.errors for row in rows):
            return rows
        try:
            with transaction.atomic():
                for row in rows:
                    row.receipt.created_by = user
                    row.receipt._history_user = user
                    row.receipt.save()
        except IntegrityError as error:  # a number taken a moment earlier
            raise ValidationError(
                _("Eine Belegnummer wurde eben vergeben. Bitte noch einmal bestätigen."),
                code="conflict",
            ) from error
        locked.state = ReceiptImport.State.IMPORTED
        locked.receipts = len(rows)
        locked.rows = []
        locked.save(update_fields=["state", "receipts", "rows"])
    return rows


def cancel_receipt_import(*, preview: ReceiptImport, user: User) -> None:
    """Drop a preview's rows without importing; ValidationError if it is used already."""
    with transaction.atomic():
        locked = _lock_pending(preview, user)
        locked.state = ReceiptImport.State.CANCELLED
        locked.rows = []
        locked.save(update_fields=["state", "rows"])
