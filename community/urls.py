from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("follow/", views.follow, name="follow"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/solved/", views.solved, name="solved"),
    path("<int:pk>/to/<str:to>/", views.escalate, name="escalate"),
    path("answers/<int:pk>/vote/", views.vote, name="vote"),
    path("answers/<int:pk>/accept/", views.accept, name="accept"),
    path("answers/<int:pk>/verify/", views.verify, name="verify"),
    path("answers/<int:pk>/correct/", views.correct, name="correct"),
    path("<str:kind>/<int:pk>/report/", views.report, name="report"),
    path("<str:kind>/<int:pk>/<str:action>/", views.moderate, name="moderate"),
]
