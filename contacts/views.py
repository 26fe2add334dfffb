from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import active_channels


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    channels = active_channels().prefetch_related("categories")
    return render(request, "contacts/index.html", {"channels": channels})
