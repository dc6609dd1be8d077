import datetime
import re

import pytest
import vobject
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Attendance, Invitee, Meeting, Minutes
from networks.models import User
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.demo import load_demo
from tests.helpers import run_tasks, with_totp

pytestmark = pytest.mark.django_db(transaction=True)
WW3 = "klimaschutz-netzwerk-westfalen-weser-3"
# The attendance form's button above its groups (its hidden text names what it ticks).
EVERYONE = re.compile(r"^Alle auswählen\W+alle Gruppen$")
NOBODY = re.compile(r"^Alle abwählen\W+alle Gruppen$")


def switch_to(page, user, live_server):
    page.context.clear_cookies()
    sign_in(page, user, live_server=live_server)


def test_moderator_invites_climate_manager_answers_and_minutes_are_finalised(page, live_server):
    load_demo()
    moderator = User.objects.get(email="moderation@example.org")
    climate_manager = User.objects.get(email="klima.altenbeken@example.org")
    sign_in(page, moderator, live_server=live_server)

    # The moderator creates a meeting in network 3's term.
    page.goto(f"/netzwerke/{WW3}/treffen/neu/")
    form = page.locator("main form")
    form.get_by_label("Art").select_option(label="Workshop")
    form.get_by_label("Titel").fill("Workshop LED-Straßenbeleuchtung")
    form.get_by_label("Datum Beginn").fill("2027-03-10")
    form.get_by_label("Uhrzeit Beginn").fill("10:00")
    form.get_by_label("Datum Ende").fill("2027-03-10")
    form.get_by_label("Uhrzeit Ende").fill("12:30")
    form.locator("#id_venue").fill("Stadthalle Brakel")
    assert_accessible(page)
    form.get_by_role("button", name="Speichern").click()
    page.get_by_text("Das Treffen ist angelegt.").wait_for()
    meeting = Meeting.objects.get(title="Workshop LED-Straßenbeleuchtung")

    # ... adds an agenda with htmx and reorders it.
    agenda = page.locator("#agenda")
    for title, minutes in (("Erfahrungen aus Höxter", "45"), ("Begrüßung", "15")):
        agenda.get_by_label("Titel").fill(title)
        agenda.get_by_label("Dauer (Minuten)").fill(minutes)
        agenda.get_by_role("button", name="Hinzufügen").click()
        page.locator("#agenda h3", has_text=title).wait_for()
        agenda = page.locator("#agenda")
        if not agenda.locator("details").get_attribute("open"):
            agenda.locator("summary").click()
    agenda.get_by_role("button", name="„Begrüßung“ nach oben").click()
    # A function, not an expression string: Playwright would eval() it, which the CSP refuses.
    page.wait_for_function(
        "() => document.querySelector('#agenda li h3').textContent === 'Begrüßung'"
    )
    times = page.locator("#agenda .agenda__time").all_inner_texts()
    assert times == ["10:00", "10:15"]
    assert_accessible(page)

    # ... and sends the invitations: mails with a calendar request.
    mail.outbox.clear()
    page.get_by_role("button", name="Einladungen versenden").click()
    page.get_by_text("15 Einladungen werden verschickt").wait_for()
    run_tasks()
    message = next(m for m in mail.outbox if m.to == [climate_manager.email])
    calendar = vobject.readOne(message.attachments[0][1].decode())
    assert calendar.method.value == "REQUEST"
    assert calendar.vevent.summary.value.startswith("Workshop LED-Straßenbeleuchtung")
    screenshot(page, "meeting-moderator")

    # The climate manager answers yes on the meeting page.
    switch_to(page, climate_manager, live_server)
    page.goto(f"/treffen/{meeting.pk}/")
    answer = page.locator("#antwort")
    answer.get_by_label("Ich nehme teil").check()
    assert_accessible(page)
    answer.get_by_role("button", name="Antwort speichern").click()
    page.locator("#antwort").get_by_text("Danke, Ihre Antwort ist gespeichert.").wait_for()
    invitee = Invitee.objects.get(meeting=meeting, user=climate_manager)
    assert invitee.answer == Invitee.Answer.YES
    screenshot(page, "meeting-climate-manager")

    # The meeting takes place; the moderator records attendance, preset from the answers.
    start = meeting.starts_at - datetime.timedelta(days=200)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    switch_to(page, moderator, live_server)
    page.goto(f"/treffen/{meeting.pk}/")
    page.get_by_role("link", name="Anwesenheit erfassen").click()
    box = page.get_by_label(climate_manager.name)
    assert box.is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.get_by_text("Die Anwesenheit ist gespeichert.").wait_for()
    assert list(
        Attendance.objects.filter(meeting=meeting, municipality__isnull=False).values_list(
            "municipality__name", flat=True
        )
    ) == ["Altenbeken"]

    # ... writes the minutes and finalises them.
    page.get_by_role("link", name="Protokoll schreiben").click()
    page.get_by_label("Protokoll").fill("## Ergebnisse\n\n- Sammelbeschaffung LED prüfen")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_text("Das Protokoll ist gespeichert.").wait_for()
    assert_accessible(page)
    # Finalising asks first, in a dialog that says what will happen; Escape keeps all.
    page.get_by_role("button", name="Protokoll endgültig abschließen").click()
    dialog = page.get_by_role("dialog", name="Protokoll endgültig abschließen?")
    assert "Beschlüsse und Aufgaben, Tagesordnung und Anwesenheit gesperrt" in dialog.inner_text()
    assert_accessible(page)
    screenshot(page, "minutes-finalise-dialog")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert not Minutes.objects.get(meeting=meeting).is_final
    page.get_by_role("button", name="Protokoll endgültig abschließen").click()
    dialog.get_by_role("button", name="Ja, abschließen").click()
    page.get_by_text("Das Protokoll ist endgültig und gesperrt.").wait_for()
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.is_final
    # The writer's "## Ergebnisse" sits under the page's "Protokoll" heading.
    assert page.locator("#protokoll h3", has_text="Ergebnisse").count() == 1
    assert_accessible(page)
    screenshot(page, "meeting-held")


def test_the_other_meeting_pages_are_accessible(page, live_server):
    load_demo()
    coordinator = User.objects.get(email="koordination@example.org")
    sign_in(page, with_totp(coordinator), live_server=live_server)
    held = Meeting.objects.filter(minutes__isnull=False).first()
    page.goto("/treffen/")
    assert_accessible(page)
    page.goto(f"/netzwerke/{WW3}/treffen/serie/")
    page.get_by_label("Erstes Treffen am").fill("2027-02-09")
    page.locator("#id_venue").fill("Rathaus Brakel")
    page.get_by_role("button", name="Termine anzeigen").click()
    page.get_by_role("heading", name="12 Treffen").wait_for()
    screenshot(page, "meeting-series-preview")
    assert_accessible(page)
    page.goto(f"/treffen/{held.pk}/protokoll/versionen/?von=1&bis=2")
    assert_accessible(page)
    page.goto("/kalender/")
    page.get_by_role("button", name="Kalenderadresse erzeugen").click()
    page.get_by_text("Ihre neue Kalenderadresse:").wait_for()
    assert_accessible(page)
    invitee = Invitee.objects.filter(meeting__network__slug=WW3).first()
    page.context.clear_cookies()
    page.goto(f"/treffen/antwort/{services.rsvp_token(invitee)}/")
    assert_accessible(page)


def test_without_javascript_cancelling_asks_on_a_page_of_its_own(browser, live_server):
    """The same question as the dialog, as a page: the form works without JavaScript."""
    load_demo()
    coordinator = User.objects.get(email="koordination@example.org")
    meeting = Meeting.objects.filter(status=Meeting.Status.PLANNED, invited_at__isnull=False,
                                     starts_at__gt=timezone.now()).first()  # fmt: skip
    invited = meeting.invitees.count()
    context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                  java_script_enabled=False)  # fmt: skip
    page = context.new_page()
    sign_in(page, coordinator, live_server=live_server)
    page.goto(meeting.get_absolute_url())
    page.locator("#cancel-heading + form").get_by_role("button", name="Treffen absagen").click()
    page.get_by_role("heading", name="Treffen absagen?").wait_for()
    assert f"{invited} Eingeladene erhalten eine Absage" in page.locator("main").inner_text()
    screenshot(page, "meeting-cancel-question")  # (axe needs JavaScript: not here)
    page.get_by_role("link", name="Abbrechen").click()
    page.wait_for_url(f"**{meeting.get_absolute_url()}")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED

    page.locator("#cancel-heading + form").get_by_role("button", name="Treffen absagen").click()
    page.get_by_role("button", name="Ja, Treffen absagen").click()
    page.get_by_text("Das Treffen ist abgesagt.").first.wait_for()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    context.close()


def test_removing_an_agenda_item_asks_in_a_dialog_and_htmx_removes_it(page, live_server):
    load_demo()
    coordinator = User.objects.get(email="koordination@example.org")
    meeting = next(
        m
        for m in Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gt=timezone.now())
        if m.agenda_items.count() >= 2
    )
    first = meeting.agenda_items.order_by("position").first()
    sign_in(page, coordinator, live_server=live_server)
    page.goto(meeting.get_absolute_url())
    page.locator("#agenda").get_by_role("button", name=f"Entfernen {first.title}").click()
    dialog = page.get_by_role("dialog", name="Tagesordnungspunkt entfernen?")
    assert f"„{first.title}“ wird aus der Tagesordnung entfernt." in dialog.inner_text()
    dialog.get_by_role("button", name="Ja, entfernen").click()
    page.locator("#agenda h3", has_text=first.title).wait_for(state="detached")
    assert page.url.endswith(meeting.get_absolute_url())  # swapped in place by htmx
    assert not meeting.agenda_items.filter(pk=first.pk).exists()


def test_attendance_of_the_recruiting_networks_information_evening(page, live_server):
    """The demo's information evening of WW3, recorded after the fact: the climate
    managers of the municipalities approached are offered by municipality and ticked;
    "Alle auswählen" ticks a group in place; saving sends no mail, and the meeting page
    names who was not represented."""
    load_demo()
    coordinator = User.objects.get(email="koordination@example.org")
    evening = Meeting.objects.get(network__slug=WW3, kind=Meeting.Kind.INFORMATION_EVENT)
    absent = list(evening.not_represented())
    assert len(absent) == 3
    sign_in(page, with_totp(coordinator), live_server=live_server)
    page.goto(evening.get_absolute_url())
    section = page.locator("#anwesenheit")
    for municipality in absent:
        assert f"{municipality.name}: Nicht vertreten" in section.inner_text()
    screenshot(page, "meeting-not-represented")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot(page, "meeting-not-represented-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    section.get_by_role("link", name="Anwesenheit erfassen").click()
    page.get_by_role("heading", name="Anwesenheit erfassen").wait_for()
    assert "Beim Speichern geht keine E-Mail hinaus" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "attendance-form")
    page.set_viewport_size({"width": 390, "height": 800})
    assert_accessible(page)
    screenshot(page, "attendance-form-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    # A group of one has no button of its own; the one above the groups ticks everyone.
    group = page.get_by_role("group", name=absent[0].name)
    assert group.get_by_role("button").count() == 0
    boxes = page.locator('input[name="present"]')
    assert not all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.get_by_role("button", name=EVERYONE).click()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.get_by_role("button", name=NOBODY).wait_for()
    group.get_by_role("checkbox").first.uncheck()
    page.get_by_role("button", name=EVERYONE).wait_for()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.get_by_text("Die Anwesenheit ist gespeichert.").wait_for()
    assert list(evening.not_represented()) == [absent[0]]
    assert not evening.invitees.exists()
    run_tasks()
    assert mail.outbox == []


def test_without_javascript_everyone_is_ticked_by_the_server(browser, live_server):
    load_demo()
    coordinator = User.objects.get(email="koordination@example.org")
    evening = Meeting.objects.get(network__slug=WW3, kind=Meeting.Kind.INFORMATION_EVENT)
    absent = evening.not_represented().first()
    context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                  java_script_enabled=False)  # fmt: skip
    page = context.new_page()
    sign_in(page, coordinator, live_server=live_server)
    page.goto(f"/treffen/{evening.pk}/anwesenheit/")
    page.locator("#id_gast-0-name").fill("Gast ohne Konto")
    page.get_by_role("button", name=EVERYONE).click()
    page.wait_for_load_state()
    group = page.get_by_role("group", name=absent.name)
    assert all(box.is_checked() for box in group.get_by_role("checkbox").all())
    assert page.locator("#id_gast-0-name").input_value() == "Gast ohne Konto"
    assert absent in evening.not_represented()  # nothing saved yet
    page.get_by_role("button", name="Weitere Zeilen").click()
    page.locator("#id_gast-9-name").wait_for()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.get_by_text("Die Anwesenheit ist gespeichert.").wait_for()
    assert absent not in evening.not_represented()
    assert evening.attendances.filter(name="Gast ohne Konto").exists()
    context.close()
