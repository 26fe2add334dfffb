from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.agent_list, name="agent_list"),
    path("<int:pk>/", views.agent_notice, name="agent_notice"),
    path("<int:pk>/answer/", views.answer_all, name="answer_all"),
    path("<int:pk>/link/", views.link, name="link"),
    path("<int:pk>/state/", views.change_state, name="change_state"),
]
