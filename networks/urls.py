from django.urls import path

from networks.views import invitations, recruitment

urlpatterns = [
    path("einladungen/", invitations.invitations, name="invitations"),
    path(
        "einladungen/<int:pk>/widerrufen/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("einladungen/<int:pk>/erneut/", invitations.invitation_resend, name="invitation_resend"),
    path("einladung/<str:token>/", invitations.invitation_accept, name="accept_invitation"),
    path("netzwerke/<slug:slug>/gewinnung/", recruitment.recruitment_page, name="recruitment"),
    path(
        "netzwerke/<slug:slug>/gewinnung/<int:pk>/",
        recruitment.prospect_edit,
        name="prospect_edit",
    ),
    path(
        "netzwerke/<slug:slug>/gewinnung/<int:pk>/schreiben/",
        recruitment.prospect_letter,
        name="prospect_letter",
    ),
    path(
        "netzwerke/<slug:slug>/gewinnung/vorschlaege/",
        recruitment.prospect_suggestions,
        name="prospect_suggestions",
    ),
    path(
        "netzwerke/<slug:slug>/gewinnung/uebernehmen/",
        recruitment.recruitment_take_in,
        name="recruitment_take_in",
    ),
]
