from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("agent/reports/", views.index, name="index"),
    path("tickets/stats/", views.seller, name="seller"),
]
