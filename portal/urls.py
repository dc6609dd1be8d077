from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api import pages as api_pages
from portal.views import help as help_pages
from portal.views import networks as network_pages
from portal.views import start as start_pages

admin.site.site_header = _("Klimaschutz-Netzwerkportal – Verwaltung")
admin.site.site_title = _("Klimaschutz-Netzwerkportal")
admin.site.index_title = _("Datenpflege")
# The admin signs in through allauth: rate-limited and protected by MFA.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", start_pages.home, name="home"),
    path("favicon.ico", start_pages.favicon, name="favicon"),
    path("start/", start_pages.start, name="start"),
    path("konto/", start_pages.account, name="account"),
    path("hilfe/", help_pages.help_page, name="help"),
    path("hilfe/<path:path>", help_pages.help_page, name="help"),
    path("konto/api-schluessel/", api_pages.tokens, name="api_tokens"),
    path(
        "konto/api-schluessel/<int:pk>/widerrufen/",
        api_pages.token_revoke,
        name="api_token_revoke",
    ),
    path("api/v1/", include("api.urls")),
    # Before the participant pages, whose /netzwerke/<slug>/<municipality>/ would take
    # /netzwerke/<slug>/treffen/ and /netzwerke/<slug>/gewinnung/.
    path("", include("events.urls")),
    path("", include("networks.urls")),
    path("", include("opendata.urls")),
    path("netzwerke/<slug:slug>/", network_pages.network_detail, name="network"),
    # Before the participant pages, whose /netzwerke/<slug>/<municipality>/ would take
    # /netzwerke/<slug>/berichte/.
    path("", include("reports.urls")),
    path("", include("finances.urls")),
    path(
        "netzwerke/<slug:slug>/teilnehmende/", network_pages.participant_add, name="participant_add"
    ),
    path(
        "netzwerke/<slug:slug>/teilnehmende/vorschlaege/",
        network_pages.participant_suggestions,
        name="participant_suggestions",
    ),
    path("netzwerke/<slug:slug>/nachfolger/", network_pages.successor_new, name="successor_new"),
    path("netzwerke/<slug:slug>/einstellungen/", network_pages.network_edit, name="network_edit"),
    path("netzwerke/<slug:slug>/fotos/", network_pages.network_photo_add, name="network_photo_add"),
    path(
        "netzwerke/<slug:slug>/fotos/<int:pk>/", network_pages.network_photo, name="network_photo"
    ),
    path(
        "netzwerke/<slug:slug>/foerderlogos/<int:pk>/",
        network_pages.funder_logo,
        name="funder_logo",
    ),
    path(
        "netzwerke/<slug:slug>/fotos/<int:pk>/loeschen/",
        network_pages.network_photo_delete,
        name="network_photo_delete",
    ),
    path(
        "netzwerke/<slug:slug>/<slug:municipality>/bearbeiten/",
        network_pages.participant_edit,
        name="participant_edit",
    ),
    path(
        "netzwerke/<slug:slug>/<slug:municipality>/entfernen/",
        network_pages.participant_remove,
        name="participant_remove",
    ),
    path(
        "netzwerke/<slug:slug>/<slug:municipality>/",
        network_pages.participant_detail,
        name="participant",
    ),
    path("oeffentlich/<slug:slug>/", network_pages.public_network, name="public_network"),
    path("i18n/setlang/", start_pages.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("measures.urls")),
    path("admin/", admin.site.urls),
]
