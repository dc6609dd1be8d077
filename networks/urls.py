from django.urls import path

from networks import views

urlpatterns = [
    path("einladungen/", views.invitations, name="invitations"),
    path("einladungen/<int:pk>/widerrufen/", views.invitation_revoke, name="invitation_revoke"),
    path("einladungen/<int:pk>/erneut/", views.invitation_resend, name="invitation_resend"),
    path("einladung/<str:token>/", views.invitation_accept, name="accept_invitation"),
]
