"""The final report's texts page in a browser, with the chapter on the finances: the
running network's coordinator sees the box for the budget line over its plan with the
demo's comment, changes it and sees it under the chapter's preview; the page passes
axe-core at 1280 and 390 px."""

import pytest

from networks.models import User
from reports.models import ReportDraft
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

SENNE = "klimaschutz-netzwerk-senne"


def test_the_coordinator_explains_the_deviation_of_a_budget_line(page, live_server):
    load_demo()
    sign_in(page, User.objects.get(email="koordination.senne@example.org"), live_server=live_server)
    page.goto(f"/netzwerke/{SENNE}/berichte/texte/final/")
    box = page.get_by_role(
        "group", name="Anmerkungen zu den Abweichungen vom Finanzierungsplan (Kapitel „Finanzen“)"
    )
    field = box.get_by_label("Anmerkung zur Abweichung: Veranstaltungen und Material")
    assert "Stadthalle Rietberg" in field.input_value()
    assert box.get_by_role("textbox").count() == 1  # the other lines are within the plan
    assert_accessible(page)
    screenshot(page, "report-texts-finances")
    field.fill("Größere Abschlussveranstaltung; gedeckt durch Einsparungen beim Personal.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_text("Die Texte sind gespeichert.").wait_for()
    preview = page.locator(".finance-preview")
    assert "Anmerkung des Netzwerkträgers: Größere Abschlussveranstaltung" in preview.inner_text()
    draft = ReportDraft.objects.get(network__slug=SENNE, kind="final")
    assert list(draft.line_comments.values()) == [
        "Größere Abschlussveranstaltung; gedeckt durch Einsparungen beim Personal."
    ]
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert_accessible(page)
    screenshot(page, "report-texts-finances-390")
