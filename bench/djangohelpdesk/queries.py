"""Queries per request of django-helpdesk's pages, counted like ours (bench/queries.py).

Run with the peer's environment from this folder: ``python queries.py PAGES``.
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    pages = json.loads(sys.argv[1])
    counts = {}
    for name, page in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        if page["who"]:
            client.force_login(User.objects.get(username=page["who"]))

        def call(page=page, client=client):
            if page["method"] == "GET":
                return client.get(page["path"]).status_code
            return client.post(
                page["path"], page["body"], content_type=page["content_type"]
            ).status_code

        call()
        with CaptureQueriesContext(connection) as queries:
            status = call()
        counts[name] = len(queries) if status < 400 else -status
    print("BENCH " + json.dumps(counts))


if __name__ == "__main__":
    main()
