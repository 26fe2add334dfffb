from django.urls import path

from . import views

app_name = "tickets"
urlpatterns = [
    path("", views.my_tickets, name="list"),
    path("new/", views.new, name="new"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("track/<str:token>/", views.detail, name="guest"),
    path("track/<str:token>/reply/", views.reply, name="guest_reply"),
    path("track/<str:token>/close/", views.close, name="guest_close"),
    path("track/<str:token>/reopen/", views.reopen, name="guest_reopen"),
    path("track/<str:token>/rate/", views.rate, name="guest_rate"),
    path("track/<str:token>/step-in/", views.step_in, name="guest_step_in"),
    path("track/<str:token>/files/<int:attachment_id>/", views.attachment, name="guest_attachment"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/reply/", views.reply, name="reply"),
    path("<str:reference>/close/", views.close, name="close"),
    path("<str:reference>/reopen/", views.reopen, name="reopen"),
    path("<str:reference>/rate/", views.rate, name="rate"),
    path("<str:reference>/step-in/", views.step_in, name="step_in"),
    path(
        "<str:reference>/messages/<int:message_id>/no-answer-needed/",
        views.no_answer_needed,
        name="no_answer_needed",
    ),
    path("<str:reference>/files/<int:attachment_id>/", views.attachment, name="attachment"),
]
