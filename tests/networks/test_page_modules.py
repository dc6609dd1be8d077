"""The networks app's pages live in the module of networks/views/ named after their
concept, at the URLs they always had (issue 30: recruitment moved there from portal)."""

import pytest
from django.urls import resolve, reverse

from events.models import Meeting
from networks.views import recruitment


@pytest.mark.parametrize(
    ("url_name", "args", "path", "module"),
    [
        ("invitations", [], "/einladungen/", "networks.views.invitations"),
        ("invitation_revoke", [7], "/einladungen/7/widerrufen/", "networks.views.invitations"),
        ("invitation_resend", [7], "/einladungen/7/erneut/", "networks.views.invitations"),
        ("accept_invitation", ["abc"], "/einladung/abc/", "networks.views.invitations"),
        ("recruitment", ["netz"], "/netzwerke/netz/gewinnung/", "networks.views.recruitment"),
        ("prospect_edit", ["netz", 7], "/netzwerke/netz/gewinnung/7/",
         "networks.views.recruitment"),
        ("prospect_letter", ["netz", 7], "/netzwerke/netz/gewinnung/7/schreiben/",
         "networks.views.recruitment"),
        ("prospect_suggestions", ["netz"], "/netzwerke/netz/gewinnung/vorschlaege/",
         "networks.views.recruitment"),
        ("recruitment_take_in", ["netz"], "/netzwerke/netz/gewinnung/uebernehmen/",
         "networks.views.recruitment"),
    ],
)  # fmt: skip
def test_page_lives_in_the_module_of_its_concept_at_its_old_address(url_name, args, path, module):
    assert reverse(url_name, args=args) == path
    match = resolve(path)
    assert match.url_name == url_name
    assert match.func.__module__ == module


def test_the_recruitment_page_reads_information_events_by_their_stored_kind():
    assert recruitment.INFORMATION_EVENT == Meeting.Kind.INFORMATION_EVENT
