from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import report_views, views

admin.site.site_header = _("Klimaschutz-Netzwerkportal – Verwaltung")
admin.site.site_title = _("Klimaschutz-Netzwerkportal")
admin.site.index_title = _("Datenpflege")
# The admin signs in through allauth: rate-limited and protected by MFA.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("start/", views.start, name="start"),
    path("konto/", views.account, name="account"),
    # Before the participant pages, whose /netzwerke/<slug>/<municipality>/ would take
    # /netzwerke/<slug>/treffen/.
    path("", include("events.urls")),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network"),
    path("netzwerke/<slug:slug>/berichte/", report_views.report_list, name="report_list"),
    path(
        "netzwerke/<slug:slug>/berichte/vorschau.pdf",
        report_views.report_preview,
        name="report_preview",
    ),
    path("berichte/<int:pk>/", report_views.report_detail, name="report"),
    path("berichte/<int:pk>/bericht.pdf", report_views.report_pdf, name="report_pdf"),
    path("berichte/<int:pk>/zahlen.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("netzwerke/<slug:slug>/teilnehmende/", views.participant_add, name="participant_add"),
    path("netzwerke/<slug:slug>/nachfolger/", views.successor_new, name="successor_new"),
    path("netzwerke/<slug:slug>/einstellungen/", views.network_edit, name="network_edit"),
    path("netzwerke/<slug:slug>/fotos/", views.network_photo_add, name="network_photo_add"),
    path("netzwerke/<slug:slug>/fotos/<int:pk>/", views.network_photo, name="network_photo"),
    path(
        "netzwerke/<slug:slug>/fotos/<int:pk>/loeschen/",
        views.network_photo_delete,
        name="network_photo_delete",
    ),
    path(
        "netzwerke/<slug:slug>/<slug:municipality>/bearbeiten/",
        views.participant_edit,
        name="participant_edit",
    ),
    path(
        "netzwerke/<slug:slug>/<slug:municipality>/entfernen/",
        views.participant_remove,
        name="participant_remove",
    ),
    path(
        "netzwerke/<slug:slug>/<slug:municipality>/",
        views.participant_detail,
        name="participant",
    ),
    path("oeffentlich/<slug:slug>/", views.public_network, name="public_network"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("networks.urls")),
    path("", include("measures.urls")),
    path("admin/", admin.site.urls),
]
