from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    # Before tickets/ and agent/: /tickets/stats/ and /agent/reports/ live in the reports app.
    path("", include("reports.urls")),
    path("tickets/", include("tickets.urls")),
    path("agent/audit/", include("audit.urls")),
    path("agent/notices/", include("notices.urls")),
    path("", include("callbacks.urls")),
    path("agent/mail/", include("mail.urls")),
    path("agent/", include("tickets.agent_urls")),
    # Provider webhooks (django-anymail), behind the basic auth of ANYMAIL's WEBHOOK_SECRET.
    path("mail/inbound/", include("anymail.urls")),
    path("faq/", include("faq.urls")),
    path("contacts/", include("contacts.urls")),
    path("community/", include("community.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("claims.urls")),
    path("", include("askonce.urls")),
]
# Live chat: the requester's window and the agents' console (WebSockets: helpdesk/asgi.py).
urlpatterns += [
    path("chat/", include("chat.urls")),
    path("agent/chat/", include("chat.agent_urls")),
]
