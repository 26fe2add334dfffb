from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/chat/<str:key>/", consumers.RequesterConsumer.as_asgi()),
    path("ws/agent/chat/", consumers.AgentConsumer.as_asgi()),
]
