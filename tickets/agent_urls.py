from django.urls import path

from . import agent_views

app_name = "agent"
urlpatterns = [
    path("", agent_views.queue, name="queue"),
    path("counts/", agent_views.counts, name="counts"),
    path("bulk/", agent_views.bulk, name="bulk"),
    path("notifications/", agent_views.notifications, name="notifications"),
    path("notifications/read/", agent_views.notifications_read, name="notifications_read"),
    path("tickets/<str:reference>/", agent_views.ticket, name="ticket"),
    path("tickets/<str:reference>/reply/", agent_views.reply, name="reply"),
    path("tickets/<str:reference>/macro/", agent_views.insert_macro, name="macro"),
    path("tickets/<str:reference>/update/", agent_views.update, name="update"),
    path("tickets/<str:reference>/take/", agent_views.take, name="take"),
    path("tickets/<str:reference>/merge/", agent_views.merge, name="merge"),
    path("tickets/<str:reference>/spam/", agent_views.spam, name="spam"),
    path("tickets/<str:reference>/presence/", agent_views.presence_report, name="presence"),
    path(
        "tickets/<str:reference>/files/<int:attachment_id>/",
        agent_views.attachment,
        name="attachment",
    ),
]
