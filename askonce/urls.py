from django.urls import path

from . import views

app_name = "askonce"
urlpatterns = [
    path("tickets/new/category-suggestion/", views.category_suggestion, name="category_suggestion"),
    path("agent/tickets/<str:reference>/similar/", views.similar, name="similar"),
    path(
        "agent/tickets/<str:reference>/similar/<str:other>/<str:action>/",
        views.decide,
        name="decide",
    ),
]
