import pytest

# A mail trio of the tests' own, so tests of lib.mail hold whatever the portal's mails
# say: "Aufgaben" is translated ("Action items"), the day written as the language does.
NOTE_TRIO = {
    "emails/note-subject.txt": (
        '{% load i18n %}{% translate "Aufgaben" %} {{ day|date:"SHORT_DATE_FORMAT" }}'
    ),
    "emails/note-body.txt": 'Hallo {{ name }}, fällig {{ day|date:"SHORT_DATE_FORMAT" }}',
    "emails/note-body.html": (
        "{% load i18n %}{% get_current_language as LANGUAGE_CODE %}"
        '<html lang="{{ LANGUAGE_CODE }}"><p>{{ name }}: {{ day|date:"SHORT_DATE_FORMAT" }}</p>'
        "</html>"
    ),
}


@pytest.fixture
def note_trio(settings):
    """The templates are the trio "note" alone."""
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", NOTE_TRIO)]},
        }
    ]
