from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from community.api import QuestionViewSet

from .errors import not_found
from .views.auth import ObtainTokenView
from .views.claims import ClaimTransitionView, ClaimViewSet
from .views.notices import NoticeListView
from .views.reference import ArticleViewSet, CategoryListView, ContactChannelListView
from .views.stores import StoreScorecardView
from .views.tickets import (
    TicketEscalateView,
    TicketMessagesView,
    TicketStoreRequestView,
    TicketViewSet,
)

app_name = "api"

router = SimpleRouter()
router.register("tickets", TicketViewSet, basename="ticket")
router.register("faq/articles", ArticleViewSet, basename="faq-article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("community/questions", QuestionViewSet, basename="community-question")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    re_path(
        rf"^tickets/(?P<reference>{TicketViewSet.lookup_value_regex})/messages/$",
        TicketMessagesView.as_view(),
        name="ticket-messages",
    ),
    re_path(
        rf"^tickets/(?P<reference>{TicketViewSet.lookup_value_regex})/store-request/$",
        TicketStoreRequestView.as_view(),
        name="ticket-store-request",
    ),
    re_path(
        rf"^tickets/(?P<reference>{TicketViewSet.lookup_value_regex})/escalate/$",
        TicketEscalateView.as_view(),
        name="ticket-escalate",
    ),
    re_path(
        r"^stores/(?P<seller_id>[^/]{1,40})/scorecard/$",
        StoreScorecardView.as_view(),
        name="store-scorecard",
    ),
    re_path(
        rf"^claims/(?P<reference>{ClaimViewSet.lookup_value_regex})/transition/$",
        ClaimTransitionView.as_view(),
        name="claim-transition",
    ),
    path("categories/", CategoryListView.as_view(), name="categories"),
    path("contacts/channels/", ContactChannelListView.as_view(), name="contact-channels"),
    path("notices/", NoticeListView.as_view(), name="notices"),
    *router.urls,
    # Anything else under /api/v1/ is a 404 in the API's error shape, not an HTML page.
    re_path(r"", not_found),
]
