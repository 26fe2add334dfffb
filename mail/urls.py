from django.urls import path

from . import views

app_name = "mail"
urlpatterns = [
    path("held/<int:pk>/accept/", views.accept, name="accept"),
    path("held/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
