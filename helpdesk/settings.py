"""Settings for the helpdesk, read top to bottom.

Every environment value is read here, once. The defaults are the embedded mode: SQLite,
Celery's file-system broker and an e-mail outbox, all under ``var/``. Production sets
``DATABASE_URL``, ``REDIS_URL``, ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``.
"""

import secrets
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP  # type: ignore[import-untyped,unused-ignore]
from django.utils.translation import gettext_lazy as _

# Lets admin.ModelAdmin[Model] and friends be subscripted at run time, as mypy sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("HELPDESK_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# --- Core -------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (set DJANGO_DEBUG=1 locally)."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Where links in e-mail point. Unset, `make run` (runall) sets it to the address it serves.
SITE_URL_IS_SET = bool(env.str("HELPDESK_SITE_URL", default=""))
SITE_URL = env.str("HELPDESK_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Buyer-store relay addresses (relay-<token>@this domain): the e-mail channel receives there.
HELPDESK_RELAY_DOMAIN = env.str("HELPDESK_RELAY_DOMAIN", default="relay.helpdesk.localhost")

INSTALLED_APPS = [
    "helpdesk.admin.HelpdeskAdminConfig",  # the admin for supervisors only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "helpdesk.apps.AxesConfig",  # django-axes, with its admin name translated
    "helpdesk",
    "accounts",
    "catalog",
    "outbox",
    "faq",
    "contacts",
    "tickets",
    "notices",
    "callbacks",
    "api",
    "audit",
    "reports",
    "demo",
    "health",
    "anymail",
    "mail",
    "askonce",
    "community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body: an oversized request is refused unread, with a 413.
    "helpdesk.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "audit.middleware.AuditContextMiddleware",
    # After authentication (it counts per account); API responses get their limit headers.
    "helpdesk.middleware.ReferenceWalkLimitMiddleware",
    "api.throttling.RateLimitHeadersMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"
ASGI_APPLICATION = "helpdesk.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helpdesk.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]
FORM_RENDERER = "helpdesk.renderers.FastFormRenderer"

# --- Data -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'helpdesk.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while the worker writes; the timeout waits out a writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests on a file, not in memory: the live server's threads then get connections of their
    # own, so two htmx requests at once cannot collide on one shared in-memory connection.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-helpdesk.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis"))

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "helpdesk.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "helpdesk",
            # A hung Redis must not hang a request: fail fast and fall back to the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- People -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username and address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Trusted proxies in front of the application (load balancer, ingress): behind N of them the
# client's address is the N-th from the right of X-Forwarded-For, never blindly the first.
# Rate limits, API throttles, the login lockout and the audit trail all read it through
# helpdesk.addresses.client_address.
NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=0)
AXES_FAILURE_LIMIT = env.int("HELPDESK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# The login lockout counts by the same address as every other limit.
AXES_CLIENT_IP_CALLABLE = "helpdesk.addresses.client_address"
# (requests, per seconds): abuse answers 429 with Retry-After instead of an outage. A load
# test from one address raises every limit by HELPDESK_RATE_LIMIT_SCALE.
_RATE_LIMIT_SCALE = env.int("HELPDESK_RATE_LIMIT_SCALE", default=1)
RATE_LIMITS = {
    name: (count * _RATE_LIMIT_SCALE, seconds)
    for name, (count, seconds) in {
        "inquiry-anonymous": (10, 3600),  # per address
        "inquiry-user": (30, 3600),  # per account
        "signup": (10, 3600),  # per address
        "password-reset-address": (10, 3600),
        "password-reset-email": (3, 3600),
        # 404s on routes naming a ticket, per address and per account: walking references.
        "ticket-not-found": (20, 600),
        # Store team invitations, per account: the form sends e-mail to any address.
        "store-invitation": (20, 3600),
    }.items()
}
# How long a store team invitation's link stays valid.
STORE_INVITATION_DAYS = env.int("HELPDESK_STORE_INVITATION_DAYS", default=7)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Seoul"
BUSINESS_TIME_ZONE = "Asia/Seoul"

# The contact directory shows online inquiries' wait as measured from real tickets. contacts
# must not import tickets, so the measuring function is named here and looked up at run time;
# while it is missing, the directory shows each channel's configured wait.
CONTACTS_MEASURED_WAIT = "tickets.selectors.expected_first_response"
# The phone channel's wait, measured from callbacks (how long people waited for the call),
# looked up the same way: contacts must not import callbacks either.
CONTACTS_MEASURED_PHONE_WAIT = "callbacks.selectors.measured_callback_wait"

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = True
# Uploaded files are private: never under STATIC or a public MEDIA_URL; a view checks access.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # A file whose writing fails (a full disk) is removed, not left half written.
    "default": {"BACKEND": "helpdesk.storage.NoPartialFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
ATTACHMENT_MAX_BYTES = env.int("HELPDESK_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = 5
# Form fields (everything but files) may take 2.5 MB; files go to disk past 2.5 MB each.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Far above ATTACHMENT_MAX_COUNT: past this Django refuses the request unread with a bare 400,
# below it the form says "at most 5 files" (the size guard caps the bytes all the same).
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
# Images are refused past this many pixels, by the size their header declares.
ATTACHMENT_MAX_PIXELS = env.int("HELPDESK_ATTACHMENT_MAX_PIXELS", default=50_000_000)
# The whole request: every attachment at its largest plus the form; more answers 413 unread.
REQUEST_MAX_BYTES = env.int(
    "HELPDESK_REQUEST_MAX_BYTES",
    default=ATTACHMENT_MAX_COUNT * ATTACHMENT_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE,
)

# --- E-mail ---------------------------------------------------------------------------------
# Mail is written to the outbox table first (outbox.services.queue_email) and delivered by a
# task through the default mailer: SMTP from EMAIL_URL in production, files under var/outbox
# locally.
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="고객센터 <help@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP server may take to answer before the attempt fails (and is retried);
# Django 6.1 reads it from MAILERS (EMAIL_TIMEOUT is deprecated there).
MAILER_TIMEOUT_SECONDS = env.int("HELPDESK_EMAIL_TIMEOUT", default=10)
# How long a delivery attempt holds its row: longer than any SMTP conversation, so a slow
# but living worker is never doubled; a dead worker's row is free again after it.
OUTBOX_CLAIM_SECONDS = env.int("HELPDESK_OUTBOX_CLAIM_SECONDS", default=600)
# Addresses mail is not sent to: those that bounced permanently, until they write to us again.
OUTBOX_SUPPRESSION_CHECK = "mail.services.is_failing"
_email = env.email_url("EMAIL_URL") if env.str("EMAIL_URL", default="") else {}
if _email:
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _email["EMAIL_HOST"],
                "port": _email.get("EMAIL_PORT") or 25,
                "username": _email.get("EMAIL_HOST_USER") or "",
                "password": _email.get("EMAIL_HOST_PASSWORD") or "",
                "use_tls": bool(_email.get("EMAIL_USE_TLS")),
                "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
                # A hung SMTP server must not hold a worker: fail, and the outbox retries.
                "timeout": MAILER_TIMEOUT_SECONDS,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "outbox")},
        }
    }
EMAIL_OUTBOX_DIR = MAILERS["default"]["OPTIONS"].get("file_path", "")

# --- E-mail in (mail/) ----------------------------------------------------------------------
# The help address people write to; replies go to help+<signed token>@ its domain (plus
# addressing), so the mail server must deliver help+anything to the same mailbox.
HELPDESK_HELP_ADDRESS = env.str(
    "HELPDESK_HELP_ADDRESS", default=parseaddr(DEFAULT_FROM_EMAIL)[1] or "help@example.com"
).lower()
# The right-hand side of our own Message-IDs: replies are matched against them.
HELPDESK_MAIL_DOMAIN = env.str(
    "HELPDESK_MAIL_DOMAIN", default=HELPDESK_HELP_ADDRESS.rpartition("@")[2] or "example.com"
)
# `make run` receives mail by SMTP here (manage.py receive_mail, started by runall).
HELPDESK_INBOUND_SMTP_HOST = env.str("HELPDESK_INBOUND_SMTP_HOST", default="127.0.0.1")
HELPDESK_INBOUND_SMTP_PORT = env.int("HELPDESK_INBOUND_SMTP_PORT", default=2525)
HELPDESK_INBOUND_MAX_BYTES = env.int("HELPDESK_INBOUND_MAX_BYTES", default=40 * 1024 * 1024)
# Production: an IMAP mailbox polled by beat, e.g. imaps://user:password@imap.example.com/INBOX;
# processed mail is moved to HELPDESK_IMAP_PROCESSED_FOLDER, never deleted.
HELPDESK_IMAP_URL = env.str("HELPDESK_IMAP_URL", default="")
HELPDESK_IMAP_PROCESSED_FOLDER = env.str("HELPDESK_IMAP_PROCESSED_FOLDER", default="Processed")
HELPDESK_IMAP_POLL_SECONDS = env.int("HELPDESK_IMAP_POLL_SECONDS", default=60)
# New mail that answers no ticket opens one in this category.
HELPDESK_MAIL_CATEGORY = env.str("HELPDESK_MAIL_CATEGORY", default="other")
# More than this many messages an hour from one sender are held for a supervisor.
HELPDESK_MAIL_SENDER_HOURLY_LIMIT = env.int("HELPDESK_MAIL_SENDER_HOURLY_LIMIT", default=10)
# How long processing a message holds its row before the sweep may try it again.
HELPDESK_MAIL_CLAIM_SECONDS = env.int("HELPDESK_MAIL_CLAIM_SECONDS", default=300)
# Provider webhooks (django-anymail, /mail/inbound/<provider>/inbound/): basic auth with this
# "user:password". Unset, a random secret nobody knows: the webhooks refuse every request.
ANYMAIL = {
    # Empty counts as unset: an empty secret must never open the webhooks.
    "WEBHOOK_SECRET": env.str("HELPDESK_ANYMAIL_WEBHOOK_SECRET", default="")
    or f"off:{secrets.token_urlsafe(24)}",
}

# --- Celery ---------------------------------------------------------------------------------
# Redis as the broker (production); named on its own so fault tests apply it to a private Redis.
REDIS_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    # Longer than any task's time limit, so a running task is never handed out twice.
    "visibility_timeout": env.int("HELPDESK_BROKER_VISIBILITY_TIMEOUT", default=3600),
    # A killed worker's unacknowledged message goes back to the queue once it is older
    # than the visibility timeout; look for such messages this often (one ZRANGE each).
    "unacked_restore_interval": env.int("HELPDESK_BROKER_RESTORE_SECONDS", default=60),
    "unacked_restore_throttle": 1,
    # A stopped or hung Redis costs a request at most about a second per publish (then the
    # robust on_commit logs it and the sweep sends later); local Redis answers in
    # microseconds, and workers read with BRPOP through the poller, not these timeouts. A
    # worker's acknowledgement times out too: RedisTransport then settles it later.
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    # A publisher tries to connect twice, not for seconds (kombu sleeps 2 s between tries
    # by default); the worker's consumer reconnects with its own retry policy.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
    # kombu's Redis transport, but an acknowledgement a hung Redis did not answer no longer
    # holds the worker's prefetch slot for good (the worker would stop consuming).
    CELERY_BROKER_TRANSPORT = "helpdesk.celery:RedisTransport"
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False  # a request does not wait on a dead broker; sweeps catch up
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = "UTC"
# Celery's own beat: django-celery-beat does not install beside Django 6.1 yet (it pins <6.1).
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
SWEEP_INTERVAL_SECONDS = env.int("HELPDESK_SWEEP_SECONDS", default=60)
# Reminders fall due by the database's clock: one clock for every worker, whatever their own
# say. Off, they follow this process's clock (the tests, which set it).
HELPDESK_DATABASE_CLOCK = env.bool("HELPDESK_DATABASE_CLOCK", default=True)
HEARTBEAT_SECONDS = env.int("HELPDESK_HEARTBEAT_SECONDS", default=30)
HEARTBEAT_MAX_AGE_SECONDS = env.int("HELPDESK_HEARTBEAT_MAX_AGE", default=4 * HEARTBEAT_SECONDS)
# Sweeps on a fixed interval: they claim due rows, so running late or twice changes nothing.
CELERY_BEAT_SCHEDULE = {
    "deliver-outbox": {
        "task": "outbox.tasks.deliver_due_email",
        "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
    },
    "send-due-reminders": {
        "task": "tickets.tasks.sweep_reminders",
        "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
    },
    # E-mail in: whatever a lost message or an outage left unprocessed is processed now.
    "process-inbound-mail": {
        "task": "mail.tasks.process_pending_mail",
        "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
    },
    # Liveness: beat records each send, the worker that consumes it records that (health/);
    # `manage.py check_worker` fails when either is older than HEARTBEAT_MAX_AGE_SECONDS.
    "heartbeat": {
        "task": "health.tasks.heartbeat",
        "schedule": timedelta(seconds=HEARTBEAT_SECONDS),
    },
}
if HELPDESK_IMAP_URL:
    CELERY_BEAT_SCHEDULE["poll-imap"] = {
        "task": "mail.tasks.poll_imap",
        "schedule": timedelta(seconds=HELPDESK_IMAP_POLL_SECONDS),
    }

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    # JSON in and out; the browsable docs are Swagger UI at /api/docs/.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # One error shape for every 4xx: {"error": {"code", "message", "fields"}}.
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("HELPDESK_API_ANON_RATE", default="120/minute"),
        "user": env.str("HELPDESK_API_USER_RATE", default="600/minute"),
        # Guests filing inquiries, per address: an order page's form, not a bulk channel.
        "anon_ticket": env.str("HELPDESK_API_GUEST_TICKET_RATE", default="20/hour"),
        # Password guessing against the token endpoint, per address.
        "auth_token": env.str("HELPDESK_API_TOKEN_RATE", default="10/minute"),
        "faq_vote": env.str("HELPDESK_API_FAQ_VOTE_RATE", default="30/hour"),
        # A store's scorecard aggregates its last 90 days: per person.
        "store_scorecard": env.str("HELPDESK_API_SCORECARD_RATE", default="120/minute"),
    },
    # Throttles key anonymous callers by helpdesk.addresses.client_address (NUM_PROXIES).
    "NUM_PROXIES": NUM_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marketplace Helpdesk API",
    "DESCRIPTION": "Inquiries, messages, categories, FAQ, contact channels and notices.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Paths as text, not links inside the operation's button (nested controls, an axe finding).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "tickets.models.Ticket.Status",
        "PriorityEnum": "catalog.models.Priority",
        "AudienceEnum": "catalog.models.Audience",
        "MessageKindEnum": "tickets.models.Message.Kind",
        "ChannelKindEnum": "contacts.models.ContactChannel.Kind",
        "TicketChannelEnum": "tickets.models.Ticket.Channel",
        "NoticeStateEnum": "notices.models.Notice.State",
        "PaymentMethodEnum": "tickets.details.PaymentMethod.CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_common_error_responses",
    ],
}

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions are read from the cache (Redis in production) and written through to the
# database: one query less on every signed-in page, and a Redis outage only costs speed.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Claims (cancel, return, exchange, not received, not as described): every duration is here.
INSTALLED_APPS += ["claims"]
# The store answers a claim within this many business days (platform calendar); then an
# in-policy claim is accepted for it, one out of policy goes to the help center.
HELPDESK_CLAIM_STORE_ANSWER_BUSINESS_DAYS = env.int(
    "HELPDESK_CLAIM_STORE_ANSWER_BUSINESS_DAYS", default=1
)
# Claims up to this amount (won) are in policy for automatic acceptance; 0: any amount.
HELPDESK_CLAIM_AUTO_ACCEPT_MAX_AMOUNT = env.int(
    "HELPDESK_CLAIM_AUTO_ACCEPT_MAX_AMOUNT", default=1_000_000
)
# The refund is due this many business days after the goods are back (or after acceptance
# when nothing comes back); the store is reminded this many business days before.
HELPDESK_CLAIM_REFUND_BUSINESS_DAYS = env.int("HELPDESK_CLAIM_REFUND_BUSINESS_DAYS", default=3)
HELPDESK_CLAIM_REFUND_REMINDER_BUSINESS_DAYS = env.int(
    "HELPDESK_CLAIM_REFUND_REMINDER_BUSINESS_DAYS", default=1
)
# Refunded or exchanged claims complete by themselves after this many days.
HELPDESK_CLAIM_AUTO_COMPLETE_DAYS = env.int("HELPDESK_CLAIM_AUTO_COMPLETE_DAYS", default=7)
# An open claim with no activity for this many business days closes.
HELPDESK_CLAIM_INACTIVE_BUSINESS_DAYS = env.int("HELPDESK_CLAIM_INACTIVE_BUSINESS_DAYS", default=21)
# Eligibility: change of mind until this many days after delivery; goods not as described
# until this many months after delivery and days after the problem was found.
HELPDESK_CLAIM_CHANGE_OF_MIND_DAYS = env.int("HELPDESK_CLAIM_CHANGE_OF_MIND_DAYS", default=7)
HELPDESK_CLAIM_NOT_AS_DESCRIBED_MONTHS = env.int(
    "HELPDESK_CLAIM_NOT_AS_DESCRIBED_MONTHS", default=3
)
HELPDESK_CLAIM_DISCOVERY_DAYS = env.int("HELPDESK_CLAIM_DISCOVERY_DAYS", default=30)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] |= {  # type: ignore[index,operator]
    "ClaimKindEnum": "claims.models.Claim.Kind",
    "ClaimStateEnum": "claims.models.Claim.State",
    "ClaimFaultEnum": "claims.models.Claim.Fault",
}
CELERY_BEAT_SCHEDULE["sweep-claims"] = {
    "task": "claims.tasks.sweep_claim_reminders",
    "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
}
# --- Ask once (askonce/) ---------------------------------------------------------------------
# Before filing, an open inquiry of the same person about the same order, or one resolved
# within this many days, is offered to continue instead of a second one.
HELPDESK_DUPLICATE_WINDOW_DAYS = env.int("HELPDESK_DUPLICATE_WINDOW_DAYS", default=14)
# --- Community ------------------------------------------------------------------------------
# Accounts younger than this many days post at most COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR
# questions and answers an hour.
COMMUNITY_NEW_ACCOUNT_DAYS = env.int("HELPDESK_COMMUNITY_NEW_ACCOUNT_DAYS", default=7)
COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR = env.int(
    "HELPDESK_COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR", default=5 * _RATE_LIMIT_SCALE
)
# A board search ranks its newest this many matches by relevance, and counts no further
# ("1000+"): a word half the questions hold costs as much as a rare one.
COMMUNITY_SEARCH_RANKED = env.int("HELPDESK_COMMUNITY_SEARCH_RANKED", default=1000)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["CommunityAudienceEnum"] = (  # type: ignore[index]
    "community.models.Audience"
)
# --- Live chat (chat/) ----------------------------------------------------------------------
# daphne first: `manage.py runserver` (what `make run` starts) then serves ASGI, HTTP and the
# chat's WebSockets on one port. Production runs daphne as its own service (docker-compose).
INSTALLED_APPS.insert(0, "daphne")
INSTALLED_APPS.append("chat")
# Chat messages reach every web process through Redis; the embedded mode is one process.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 times reads out after 5 s by default, as long as channels_redis
                # blocks waiting for a message: an idle socket's consumer would crash.
                # redis-py 8 refuses a 101st connection of a process's pool at once ("Too
                # many connections"): a hundred windows opening together would each fail with
                # a 500 as they join their chat's group. Idle connections stay in the pool.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 15,
                        "socket_connect_timeout": 2,
                        "max_connections": env.int("HELPDESK_CHAT_REDIS_CONNECTIONS", default=1000),
                    }
                ],
                "prefix": env.str("HELPDESK_CHAT_LAYER_PREFIX", default="helpdesk-chat"),
                # A message nobody read in this long is dropped: the database has it anyway.
                "expiry": 30,
                "capacity": 500,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Where the chat pages open their WebSocket: empty is the page's own host (make run, or a
# proxy routing /ws/ to the ASGI service); docker-compose names the ASGI service's address.
CHAT_SOCKET_URL = env.str("HELPDESK_CHAT_SOCKET_URL", default="").rstrip("/")
if CHAT_SOCKET_URL:
    SECURE_CSP["connect-src"] = [CSP.SELF, CHAT_SOCKET_URL]
# Concurrent chats one agent holds; an agent whose console sent no heartbeat for this long is
# no longer online (their chats go back to the queue); a requester's window the same.
CHAT_MAX_PER_AGENT = env.int("HELPDESK_CHAT_MAX_PER_AGENT", default=3)
CHAT_AGENT_TIMEOUT_SECONDS = env.int("HELPDESK_CHAT_AGENT_TIMEOUT", default=45)
CHAT_REQUESTER_TIMEOUT_SECONDS = env.int("HELPDESK_CHAT_REQUESTER_TIMEOUT", default=120)
# A chat in which nobody wrote for this long closes.
CHAT_IDLE_MINUTES = env.int("HELPDESK_CHAT_IDLE_MINUTES", default=15)
# Answers written after the requester left go out together, this long after the first one.
CHAT_BATCH_SECONDS = env.int("HELPDESK_CHAT_BATCH_SECONDS", default=300)
CHAT_SWEEP_SECONDS = env.int("HELPDESK_CHAT_SWEEP_SECONDS", default=20)
RATE_LIMITS.update(
    {
        name: (count * _RATE_LIMIT_SCALE, seconds)
        for name, (count, seconds) in {
            "chat-start-anonymous": (5, 3600),  # per address
            "chat-start-user": (10, 3600),  # per account
            "chat-message": (30, 60),  # per chat and side
        }.items()
    }
)
# The contact directory shows the chat's wait measured from real chats (contacts must not
# import chat: looked up by name, like the phone's).
CONTACTS_MEASURED_CHAT_WAIT = "chat.selectors.measured_chat_wait"
CELERY_BEAT_SCHEDULE["sweep-chats"] = {
    "task": "chat.tasks.sweep_chats",
    "schedule": timedelta(seconds=CHAT_SWEEP_SECONDS),
}

# The online inquiry's expected wait is the median first response of the last 30 days once at
# least this many inquiries were answered; the configured figure before that.
HELPDESK_EXPECTED_WAIT_MIN_SAMPLE = env.int("HELPDESK_EXPECTED_WAIT_MIN_SAMPLE", default=5)
