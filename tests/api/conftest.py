import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from api.services import create_token
from finances.models import Proof
from reports.models import Report
from tests.factories import (
    AttendanceFactory,
    BudgetLineFactory,
    GrantFactory,
    MeasureFactory,
    MeetingFactory,
    ReceiptFactory,
)


def report_of(network) -> Report:
    return Report.objects.create(
        network=network, kind="interim", period_start=network.term_start,
        period_end=network.term_start, figures={}, issued_at=timezone.now(),
        issued_by_name="Koordination", pdf_sha256="a" * 64,
    )  # fmt: skip


def proof_of(grant) -> Proof:
    return Proof.objects.create(
        grant=grant, kind="final", figures={}, issued_at=timezone.now(),
        issued_by_name="Koordination", xlsx="a.xlsx", xlsx_sha256="0" * 64,
        belegliste="b.xlsx", belegliste_sha256="0" * 64,
    )  # fmt: skip


@pytest.fixture
def world(personas) -> SimpleNamespace:
    """Objects of both networks of the personas: a measure of each participation, a
    meeting with attendance, a report, a receipt and a proof per network."""
    objects = SimpleNamespace(personas=personas)
    objects.measures = {
        name: MeasureFactory(participation=getattr(personas, name))
        for name in ("participation_a", "participation_b", "participation_c",
                     "participation_a_other")
    }  # fmt: skip
    objects.meetings = {}
    for network, moderator in ((personas.network, personas.coordinator),
                               (personas.other_network, personas.other_coordinator)):  # fmt: skip
        meeting = MeetingFactory(network=network, moderator=moderator)
        AttendanceFactory(meeting=meeting, municipality=personas.municipality_a)
        objects.meetings[network.slug] = meeting
        grant = GrantFactory(network=network)
        ReceiptFactory(grant=grant, budget_line=BudgetLineFactory(grant=grant))
        proof_of(grant)
        report_of(network)
    return objects


def token_for(user, **kwargs) -> str:
    kwargs.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=30))
    _token, key = create_token(user=user, name=kwargs.pop("name", "Test"), **kwargs)
    return key


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def token_client():
    """`token_client(user)`: a new test client that sends a new token of the person
    with every request; further keywords are the client's defaults (`REMOTE_ADDR`)."""

    def make(user, **defaults) -> Client:
        return Client(**defaults, **bearer(token_for(user)))

    return make
