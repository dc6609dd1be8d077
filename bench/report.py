"""Benchmark: the final report's PDF of a large network against raw WeasyPrint.

Not a test (timings vary by machine); it prints figures. Run it with

    .venv/bin/python bench/report.py [--municipalities 20 --measures 600 --meetings 12]

It builds a throwaway SQLite database in a temporary folder (or uses DATABASE_URL if
set, which it then fills: point it at a scratch database), generates one network of
that size (measures with history inside the term, meetings with attendance), issues
its final report and then, in alternating rounds so the machine's noise falls on
both alike:

- renders the report's PDF as the worker does (`reports.rendering.render_report`:
  cover, contents, charts, every section, the annex, tagged PDF/UA);
- renders, with WeasyPrint alone, an HTML table of the same measures (one row per
  measure, 8 columns) with a plain stylesheet: the floor for that many rows.

Each rendering runs in a forked process of its own, so its peak memory (the
process's maximum resident set, Pango and cairo included) is its own. It also counts
the queries of freezing the figures, for this network and for one a tenth its size.
"""

import argparse
import datetime
import resource
import statistics
import time
from multiprocessing import get_context

from scratch import setup_django  # bench/scratch.py, beside this script


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--measures", type=int, default=600)
    parser.add_argument("--meetings", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from networks.models import User

    user = User.objects.create_superuser(email="bench@example.org", password=None, name="Bench")
    small = _network(user, "bench-klein", max(2, args.municipalities // 10), args.measures // 10,
                     max(2, args.meetings // 2))  # fmt: skip
    large = _network(user, "bench-gross", args.municipalities, args.measures, args.meetings)
    print(f"database {connection.vendor}; network {large.name}: {args.municipalities} "
          f"municipalities, {args.measures} measures, {args.meetings} meetings")  # fmt: skip
    _count_queries(small, large)
    report = _issue(large, user)
    rows = _table_rows(report)
    timings: dict[str, list[float]] = {"report": [], "raw": [], "raw_ua": []}
    peaks: dict[str, list[float]] = {"report": [], "raw": [], "raw_ua": []}
    pages: dict[str, int] = {}
    connection.close()  # each forked child opens its own
    fork = get_context("fork")
    for _round in range(args.rounds):
        for name in ("raw", "report", "raw_ua"):
            with fork.Pool(1) as pool:
                seconds, peak, page_count = pool.apply(_render, (name, report.pk, rows))
            timings[name].append(seconds)
            peaks[name].append(peak)
            pages[name] = page_count
    print(f"{'rendering':<48} {'median':>8} {'min':>8} {'peak RSS':>10} {'pages':>6}")
    labels = {
        "report": "final report (worker's rendering, PDF/UA)",
        "raw": "raw WeasyPrint: table of the same rows",
        "raw_ua": "raw WeasyPrint: same table, PDF/UA",
    }
    for name, label in labels.items():
        print(f"{label:<48} {statistics.median(timings[name]) * 1000:6.0f} ms "
              f"{min(timings[name]) * 1000:6.0f} ms {max(peaks[name]):7.0f} MiB "
              f"{pages[name]:6d}")  # fmt: skip
    ratio = statistics.median(timings["report"]) / statistics.median(timings["raw"])
    print(
        f"report / raw table: {ratio:.2f}× (aim: at most 1.5×); "
        f"report / raw PDF/UA table: "
        f"{statistics.median(timings['report']) / statistics.median(timings['raw_ua']):.2f}×"
    )


def _network(user, slug: str, municipalities: int, measures: int, meetings: int):
    """A network of the given size whose term has ended, with everything logged in it."""
    from decimal import Decimal

    from simple_history.utils import bulk_create_with_history

    from events.models import Attendance, Meeting
    from measures.models import EnergyCarrier, FocusArea, Measure, MeasureEnergy
    from networks.models import Municipality, Network, Organisation, Participation

    coordinator, _ = Organisation.objects.get_or_create(
        name="Bench-Koordination", defaults={"kind": Organisation.Kind.COORDINATOR}
    )
    network = Network.objects.create(
        name=f"Klimaschutz-Netzwerk {slug}", slug=slug, coordinator=coordinator,
        term_start=datetime.date(2022, 7, 1), term_end=datetime.date(2025, 6, 30),
        funding_code="67K18876", funding_programme="Kommunalrichtlinie",
        funding_notice="Gefördert aufgrund eines Beschlusses des Deutschen Bundestages.",
    )  # fmt: skip
    areas = list(FocusArea.objects.all()[:5])  # the catalogue the migrations bring
    carrier = EnergyCarrier.objects.first() or EnergyCarrier.objects.create(name="Erdgas")
    participations = []
    first_ags = 5_800_000 + Municipality.objects.count()
    for n in range(municipalities):
        municipality = Municipality.objects.create(
            name=f"Gemeinde {slug[-5:].title()} {n:02d}", slug=f"{slug}-{n}",
            ags=f"0{first_ags + n:07d}", kind=Municipality.Kind.GEMEINDE, federal_state="05",
        )  # fmt: skip
        participations.append(Participation.objects.create(
            network=network, municipality=municipality, joined_on=network.term_start,
            target_energy_mwh=Decimal(400 + 10 * n), target_co2_t=Decimal(100 + n),
        ))  # fmt: skip
    statuses = list(Measure.Status.values)
    rows = []
    for n in range(measures):
        status = statuses[n % len(statuses)]
        completed = status == Measure.Status.COMPLETED
        rows.append(Measure(
            participation=participations[n % municipalities],
            focus_area=areas[n % len(areas)],
            title=f"Maßnahme {n:04d}: LED-Umrüstung der Straßenbeleuchtung im Ortsteil {n % 17}",
            status=status,
            started_on=datetime.date(2023, 1, 1) if status in ("in_progress", "completed")
            else None,
            completed_on=datetime.date(2023 + n % 3, 1 + n % 12, 1) if completed else None,
            energy_savings_kwh=Decimal(10_000 + 37 * n),
            co2_savings_t=Decimal(3 + n % 7), co2_manual=True, co2_manual_reason="Energieaudit",
            investment_eur=Decimal(20_000 + 100 * n), subsidy_eur=Decimal(5_000),
        ))  # fmt: skip
    made = bulk_create_with_history(rows, Measure, batch_size=500)
    MeasureEnergy.objects.bulk_create(
        MeasureEnergy(measure=measure, carrier=carrier, kwh=measure.energy_savings_kwh)
        for measure in made
    )
    # Logged inside the term, so the final report reads them as they stood at its end.
    Measure.history.filter(id__in=[m.pk for m in made]).update(
        history_date=datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    )
    for n in range(meetings):
        day = datetime.datetime(2022, 9, 1, 9, tzinfo=datetime.UTC) + datetime.timedelta(
            days=80 * n
        )
        meeting = Meeting.objects.create(
            network=network, title=f"{n + 1}. Netzwerktreffen", starts_at=day,
            ends_at=day + datetime.timedelta(hours=3), status=Meeting.Status.HELD, moderator=user,
            venue="Rathaus",
        )  # fmt: skip
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, name=f"Vertretung {p.municipality.name}",
                       municipality=p.municipality)
            for i, p in enumerate(participations) if (i + n) % 5
        )  # fmt: skip
    return network


def _count_queries(small, large) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.figures.building import report_figures

    counts = []
    for network in (small, large):
        with CaptureQueriesContext(connection) as queries:
            report_figures(network, start=network.term_start, end=network.term_end)
        counts.append(len(queries))
    print(f"queries to freeze the figures: {counts[0]} (a tenth of the size), "
          f"{counts[1]} (full size)")  # fmt: skip


def _issue(network, user):
    from reports.issuing import issue_report
    from reports.models import WRITTEN_SECTIONS

    # No draft: each written section is left empty, as a final report then must say.
    left_empty = {name: "Benchmark ohne Texte." for name, _heading, _help in WRITTEN_SECTIONS}
    return issue_report(network=network, user=user, kind="final", period_start=network.term_start,
                        period_end=network.term_end, notify=False,
                        left_empty=left_empty)  # fmt: skip


def _table_rows(report) -> list[list[str]]:
    from reports.figures.types import ReportFigures

    return [
        [m.municipality, m.title, m.focus_area, str(m.status_label),
         str(m.completed_on or "–"), str(m.energy_mwh or "–"), str(m.co2_t or "–"),
         str(m.investment_eur or "–")]
        for m in ReportFigures.from_json(report.figures).measures
    ]  # fmt: skip


RAW_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2.5pt 4pt; border-bottom: .5pt solid #ccc; }
thead { display: table-header-group; }
"""


def _render(name: str, report_pk: int, rows: list[list[str]]) -> tuple[float, float, int]:
    """In a fresh child: render once, return seconds, peak RSS (MiB) and pages."""
    import io
    from html import escape

    import pypdf
    import weasyprint

    from reports.figures.types import ReportFigures
    from reports.models import Report
    from reports.rendering import render_report

    if name == "report":
        report = Report.objects.get(pk=report_pk)
        started = time.perf_counter()
        pdf = render_report(report, ReportFigures.from_json(report.figures))
    else:
        head = "".join(f"<th>{escape(h)}</th>" for h in
                       ["Kommune", "Maßnahme", "Schwerpunkt", "Stand", "abgeschlossen",
                        "MWh/a", "t CO₂e/a", "Investition"])  # fmt: skip
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                       for row in rows)  # fmt: skip
        html = (f'<html lang="de"><head><title>Tabelle</title><style>{RAW_CSS}</style></head>'
                f"<body><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                "</body></html>")  # fmt: skip
        started = time.perf_counter()
        options = {"pdf_variant": "pdf/ua-1"} if name == "raw_ua" else {}
        pdf = weasyprint.HTML(string=html).write_pdf(**options)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, peak, len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    main()
