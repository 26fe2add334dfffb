from django.urls import path

from . import views

app_name = "chat_agent"
urlpatterns = [
    path("", views.console, name="console"),
    path("status/", views.set_status, name="status"),
    path("<str:key>/accept/", views.accept, name="accept"),
    path("<str:key>/send/", views.agent_send, name="send"),
    path("<str:key>/files/", views.agent_upload, name="upload"),
    path("<str:key>/transfer/", views.transfer, name="transfer"),
    path("<str:key>/convert/", views.convert, name="convert"),
    path("<str:key>/end/", views.end, name="end"),
]
