from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("agent/reports/", views.index, name="index"),
    path("agent/reports/stores/", views.stores, name="stores"),
    path("agent/reports/stores/<str:seller_id>/", views.store, name="store"),
    path("tickets/stats/", views.seller, name="seller"),
]
