"""Where a page's milliseconds go, per request: the same script for the product and for
django-helpdesk, run in each one's own environment from its project folder::

    python bench/phases.py PAGES [REPEAT]

PAGES is the JSON the benchmark writes (name -> who, method, path, ...). Each page is asked
through Django's test client, warmed, then timed REPEAT times (default 50); a form or API
body gets a fresh {uuid} and {n} each time, so every filing is a new ticket. A request's time
is split into the framework around the view (middleware: session, user, CSRF, locale, ...),
the view's own code, and the rendering of its template (wherever it happens), each with the
SQL it waited for. Prints one JSON line, name -> milliseconds per request.
"""

import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.handlers import base  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.backends import django as django_backend  # noqa: E402
from django.test import Client  # noqa: E402

PHASES = ("framework", "view", "render")
state = {"phase": "framework", "depth": 0}
spent = {f"{phase}{part}": 0.0 for phase in PHASES for part in ("", "_sql")}
spent["render_outside"] = 0.0  # rendered after the view returned (a TemplateResponse)
counted = {"queries": 0}


def _timed_sql(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        spent[state["phase"] + "_sql"] += time.perf_counter() - started
        counted["queries"] += 1


def _in_phase(phase, call):
    before, state["phase"] = state["phase"], phase
    started = time.perf_counter()
    try:
        return call()
    finally:
        spent[phase] += time.perf_counter() - started
        state["phase"] = before


_resolve = base.BaseHandler.resolve_request


def resolve_request(self, request):
    match = _resolve(self, request)
    view = match.func

    def timed_view(*args, **kwargs):
        return _in_phase("view", lambda: view(*args, **kwargs))

    match.func = timed_view
    return match


base.BaseHandler.resolve_request = resolve_request
_render = django_backend.Template.render


def render(self, context=None, request=None):
    if state["depth"]:
        return _render(self, context, request)
    state["depth"] += 1
    outside, started = state["phase"] == "framework", time.perf_counter()
    try:
        return _in_phase("render", lambda: _render(self, context, request))
    finally:
        state["depth"] -= 1
        if outside:
            spent["render_outside"] += time.perf_counter() - started


django_backend.Template.render = render


def _caller(page):
    """A function asking the page once, as the benchmark's load does."""
    client = Client(HTTP_HOST="127.0.0.1")
    headers = {}
    if page["who"] == "api":  # the product's API, with the account's token
        from rest_framework.authtoken.models import Token

        user = get_user_model().objects.get(username=page["user"])
        headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    elif page["who"]:
        client.force_login(get_user_model().objects.get(username=page["who"]))
    counter = iter(range(1, 1_000_000))

    def call():
        if page["method"] == "GET":
            return client.get(page["path"], **headers).status_code
        body = page["body"].replace("{uuid}", str(uuid.uuid4()))
        body = body.replace("{n}", str(next(counter)))
        extra = dict(headers)
        if page["content_type"] == "application/json":
            extra["HTTP_IDEMPOTENCY_KEY"] = str(uuid.uuid4())
        return client.post(
            page["path"], body, content_type=page["content_type"], **extra
        ).status_code

    return call


def main():
    pages = json.loads(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    results = {}
    for name, page in pages.items():
        call = _caller(page)
        for _ in range(5):
            call()
        for key in spent:
            spent[key] = 0.0
        counted["queries"] = 0
        with connection.execute_wrapper(_timed_sql):
            started = time.perf_counter()
            for _ in range(repeat):
                status = call()
            total = time.perf_counter() - started
        per = {key: 1000 * value / repeat for key, value in spent.items()}
        whole = 1000 * total / repeat
        render_inside = per["render"] - per["render_outside"]
        results[name] = {
            "status": status,
            "total": whole,
            "framework": whole - per["view"] - per["render_outside"] - per["framework_sql"],
            "framework_sql": per["framework_sql"],
            "view": per["view"] - render_inside - per["view_sql"],
            "view_sql": per["view_sql"],
            "render": per["render"] - per["render_sql"],
            "render_sql": per["render_sql"],
            "queries": counted["queries"] / repeat,
        }
    print("BENCH " + json.dumps(results))


if __name__ == "__main__":
    main()
