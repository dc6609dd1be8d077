"""Factories of the portal app: reports."""

import factory
from factory.django import DjangoModelFactory

from reports.issuing import issue_report
from reports.models import WRITTEN_SECTIONS, Report
from tests.factories.networks import NetworkFactory, coordinator_of

CORRECTION_NOTE = "Neue Fassung: nachgemeldete Maßnahmen aufgenommen."
# A final report needs its written sections or a reason for each one left empty
# (reports.issuing.check_written_sections): a test's final report without a draft
# leaves them all empty, for this reason.
LEFT_EMPTY_REASON = "Im Test nicht geschrieben."
LEFT_EMPTY = {name: LEFT_EMPTY_REASON for name, _heading, _help in WRITTEN_SECTIONS}


class ReportFactory(DjangoModelFactory):
    """A report issued the way the coordination issues one (reports.issuing.issue_report):
    by default the final report over the whole term of a network whose term has ended,
    issued now by its coordination, with the figures frozen at that moment. Funders are
    not mailed unless `notify=True`; `issued_at` sets the moment of issuing. A second
    version of the same kind and period gets a note of what changed unless given one.
    Sections of a final report that its draft has no text for are left empty for
    LEFT_EMPTY_REASON unless `left_empty` says otherwise (None: the service refuses
    the report)."""

    class Meta:
        model = Report

    network = factory.SubFactory(NetworkFactory)
    issued_by = factory.LazyAttribute(lambda report: coordinator_of(report.network.coordinator))
    kind = Report.Kind.FINAL
    period_start = factory.SelfAttribute("network.term_start")
    period_end = factory.SelfAttribute("network.term_end")
    language = "de"
    note = ""
    issued_at = None
    notify = False
    left_empty = factory.LazyFunction(lambda: dict(LEFT_EMPTY))

    @classmethod
    def _create(cls, model_class, *, issued_by, issued_at, **values):
        # A new version needs a note of what changed, as the coordination writes one.
        same = {k: values[k] for k in ("network", "kind", "period_start", "period_end")}
        if not values["note"] and model_class.objects.filter(**same).exists():
            values["note"] = CORRECTION_NOTE
        return issue_report(user=issued_by, now=issued_at, **values)
