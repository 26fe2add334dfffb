"""The product's URLs plus the signed-in floor: a view that does what every signed-in page
must (the session, the user, the base template with its navigation) and nothing else. A page
measured beside it shows what its own code costs.

An agent's pages all stand in the workspace frame (``agent/base.html``: the workspace's
navigation with the unread notifications count), so an agent's floor renders that frame;
everyone else's renders ``base.html``, whose navigation counts a seller's notices itself."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from accounts.models import User
from bench import FLOOR_PATH
from helpdesk.urls import urlpatterns as product
from tickets.selectors import unread_notification_count

_PAGE = engines["django"].from_string('{% extends "base.html" %}')
_WORKSPACE = engines["django"].from_string('{% extends "agent/base.html" %}')


@login_required
def signed_in_floor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if isinstance(user, User) and user.is_agent:
        context = {"unread_count": unread_notification_count(user)}
        return HttpResponse(_WORKSPACE.render(context, request))
    return HttpResponse(_PAGE.render({}, request))


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", signed_in_floor), *product]
