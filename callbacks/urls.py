from django.urls import path

from . import views

app_name = "callbacks"
urlpatterns = [
    path("callbacks/new/", views.request_callback, name="new"),
    path("agent/callbacks/", views.agent_list, name="agent_list"),
    path("agent/callbacks/incoming/", views.incoming, name="incoming"),
    path("agent/callbacks/<int:pk>/", views.agent_callback, name="agent_callback"),
    path("agent/callbacks/<int:pk>/attempt/", views.attempt, name="attempt"),
]
