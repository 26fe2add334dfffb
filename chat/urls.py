from django.urls import path

from . import views

app_name = "chat"
urlpatterns = [
    path("", views.start, name="start"),
    path("<str:key>/", views.window, name="window"),
    path("<str:key>/send/", views.send, name="send"),
    path("<str:key>/files/", views.upload, name="upload"),
    path("<str:key>/leave/", views.leave, name="leave"),
]
