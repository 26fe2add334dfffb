from django.urls import path

from . import views

app_name = "faq"
urlpatterns = [
    path("", views.index, name="index"),
    path("suggest/", views.suggest, name="suggest"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/vote/", views.vote, name="vote"),
    path("<slug:slug>/solved/", views.solved, name="solved"),
]
