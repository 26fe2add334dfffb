"""Queries per request, counted with Django's test client in a separate pass.

Run inside the product's environment with DATABASE_URL set: ``python -m bench.queries PAGES``
where PAGES is the JSON the benchmark writes (name -> who, method, path, form body). Each page
is requested once to warm the caches, then once more while the queries are captured; prints
one JSON object, name -> count.
"""

from __future__ import annotations

import json
import os
import sys
import uuid


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    pages = json.loads(sys.argv[1])
    counts: dict[str, int] = {}
    for name, page in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        headers: dict[str, str] = {}
        if page["who"] == "api":
            user = User.objects.get(username=page["user"])
            token = Token.objects.get_or_create(user=user)[0]
            headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        elif page["who"]:
            client.force_login(User.objects.get(username=page["who"]))

        def call(
            page: dict[str, str] = page, headers: dict[str, str] = headers, client: Client = client
        ) -> int:
            if page["method"] == "GET":
                return client.get(page["path"], **headers).status_code
            body = page["body"].replace("{uuid}", str(uuid.uuid4())).replace("{n}", "1")
            if page["content_type"] == "application/json":
                headers["HTTP_IDEMPOTENCY_KEY"] = str(uuid.uuid4())
                return client.post(
                    page["path"], body, content_type="application/json", **headers
                ).status_code
            return client.post(
                page["path"], body, content_type=page["content_type"], **headers
            ).status_code

        call()
        with CaptureQueriesContext(connection) as queries:
            status = call()
        counts[name] = len(queries) if status < 400 else -status
    print("BENCH " + json.dumps(counts))


if __name__ == "__main__":
    main()
