"""Each page of portal's shell lives in the module of portal/views/ named after it,
as docs/development/architecture.md, "Where each page lives", says."""

import pytest
from django.urls import resolve, reverse

SLUG = {"slug": "netz"}
JOB = {"job": "00000000-0000-0000-0000-000000000000"}
PARTICIPANT = {"slug": "netz", "municipality": "stadt"}
PHOTO = {"slug": "netz", "pk": 1}
REPORT = {"pk": 1}


@pytest.mark.parametrize(
    ("url_name", "kwargs", "module"),
    [
        ("home", {}, "portal.views.start"),
        ("favicon", {}, "portal.views.start"),
        ("start", {}, "portal.views.start"),
        ("account", {}, "portal.views.start"),
        ("set_language", {}, "portal.views.start"),
        ("network", SLUG, "portal.views.networks"),
        ("participant_add", SLUG, "portal.views.networks"),
        ("participant", PARTICIPANT, "portal.views.networks"),
        ("participant_edit", PARTICIPANT, "portal.views.networks"),
        ("participant_remove", PARTICIPANT, "portal.views.networks"),
        ("network_edit", SLUG, "portal.views.networks"),
        ("network_photo_add", SLUG, "portal.views.networks"),
        ("network_photo", PHOTO, "portal.views.networks"),
        ("network_photo_delete", PHOTO, "portal.views.networks"),
        ("successor_new", SLUG, "portal.views.networks"),
        ("public_network", SLUG, "portal.views.networks"),
        ("report_list", SLUG, "reports.views.reports"),
        ("report_preview", SLUG, "reports.views.reports"),
        ("report_preview_job", SLUG | JOB, "reports.views.reports"),
        ("report_preview_pdf", SLUG | JOB, "reports.views.reports"),
        ("report", REPORT, "reports.views.reports"),
        ("report_pdf", REPORT, "reports.views.reports"),
        ("report_xlsx", REPORT, "reports.views.reports"),
    ],
)
def test_page_lives_in_the_module_named_after_it(url_name, kwargs, module):
    assert resolve(reverse(url_name, kwargs=kwargs)).func.__module__ == module
