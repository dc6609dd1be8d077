from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views

admin.site.site_header = _("Klimaschutz-Netzwerkportal – Verwaltung")
admin.site.site_title = _("Klimaschutz-Netzwerkportal")
admin.site.index_title = _("Datenpflege")

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
