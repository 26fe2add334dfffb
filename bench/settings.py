"""The product's settings, with the benchmark's signed-in floor added to its URLs
(``bench/urls.py``). Everything else (middleware, sessions, templates, caches) is the
product's own, so the floor costs what every signed-in page must and nothing more."""

from helpdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
