from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("claims/", views.claim_list, name="list"),
    path("claims/new/", views.new_claim, name="new"),
    path("claims/<str:reference>/", views.detail, name="detail"),
    path("claims/<str:reference>/move/", views.move, name="move"),
    path("agent/claims/", views.agent_list, name="agent_list"),
]
