from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("tickets/", include("tickets.urls")),
    path("agent/audit/", include("audit.urls")),
    path("agent/", include("tickets.agent_urls")),
    path("faq/", include("faq.urls")),
    path("contacts/", include("contacts.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Marketplace Helpdesk"
admin.site.site_title = "Helpdesk admin"
