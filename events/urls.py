from django.urls import path

from events.views import (
    actions,
    agenda,
    answers,
    attendance,
    calendar,
    documents,
    meetings,
    minutes,
)

urlpatterns = [
    path("treffen/", meetings.meeting_list, name="meeting_list"),
    path("netzwerke/<slug:slug>/treffen/", meetings.meeting_list, name="network_meetings"),
    path("netzwerke/<slug:slug>/treffen/neu/", meetings.meeting_new, name="meeting_new"),
    path("netzwerke/<slug:slug>/treffen/serie/", meetings.meeting_series, name="meeting_series"),
    path("treffen/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("treffen/<int:pk>/bearbeiten/", meetings.meeting_edit, name="meeting_edit"),
    path("treffen/<int:pk>/absagen/", meetings.meeting_cancel, name="meeting_cancel"),
    path("treffen/<int:pk>/einladen/", meetings.meeting_invite, name="meeting_invite"),
    path("treffen/<int:pk>/tagesordnung/", agenda.agenda_add, name="agenda_add"),
    path("treffen/<int:pk>/tagesordnung/<int:item>/", agenda.agenda_edit, name="agenda_edit"),
    path(
        "treffen/<int:pk>/tagesordnung/<int:item>/loeschen/",
        agenda.agenda_delete,
        name="agenda_delete",
    ),
    path(
        "treffen/<int:pk>/tagesordnung/<int:item>/verschieben/",
        agenda.agenda_move,
        name="agenda_move",
    ),
    path("treffen/<int:pk>/antwort/", answers.meeting_answer, name="meeting_answer"),
    path("treffen/antwort/<str:token>/", answers.meeting_answer_link, name="meeting_answer_link"),
    path("treffen/<int:pk>/anwesenheit/", attendance.meeting_attendance, name="meeting_attendance"),
    path("treffen/<int:pk>/protokoll/", minutes.minutes_edit, name="minutes_edit"),
    path(
        "treffen/<int:pk>/protokoll/abschliessen/",
        minutes.minutes_finalise,
        name="minutes_finalise",
    ),
    path("treffen/<int:pk>/protokoll/oeffnen/", minutes.minutes_reopen, name="minutes_reopen"),
    path(
        "treffen/<int:pk>/protokoll/versionen/", minutes.minutes_versions, name="minutes_versions"
    ),
    path("treffen/<int:pk>/beschluesse/", minutes.decision_add, name="decision_add"),
    path(
        "treffen/<int:pk>/beschluesse/<int:decision>/loeschen/",
        minutes.decision_delete,
        name="decision_delete",
    ),
    path("treffen/<int:pk>/aufgaben/", actions.action_add, name="action_add"),
    path(
        "treffen/<int:pk>/aufgaben/<int:item>/loeschen/",
        actions.action_delete,
        name="action_delete",
    ),
    path("treffen/<int:pk>/aufgaben/<int:item>/erledigt/", actions.action_done, name="action_done"),
    path(
        "treffen/<int:pk>/aufgaben/<int:item>/massnahme/",
        actions.action_measure,
        name="action_measure",
    ),
    path("treffen/<int:pk>/anhaenge/", documents.meeting_document_add, name="meeting_document_add"),
    path(
        "treffen/<int:pk>/anhaenge/<int:document>/",
        documents.meeting_document,
        name="meeting_document",
    ),
    path(
        "treffen/<int:pk>/anhaenge/<int:document>/loeschen/",
        documents.meeting_document_delete,
        name="meeting_document_delete",
    ),
    path("treffen/<int:pk>/kalender.ics", calendar.meeting_calendar, name="meeting_calendar"),
    path("treffen/<int:pk>/protokoll.pdf", calendar.meeting_pdf, name="meeting_pdf"),
    path("kalender/", calendar.calendar_settings, name="calendar_settings"),
    path("kalender/<str:token>/treffen.ics", calendar.calendar_feed, name="calendar_feed"),
]
