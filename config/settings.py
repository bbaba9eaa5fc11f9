"""One settings module, driven by environment variables with safe defaults.

Secrets (SECRET_KEY, the master key that wraps per-case keys, the case-secret pepper) come from
the environment. Only a demo or development machine (WSR_GENERATE_SECRETS=1, set by `make run`;
DJANGO_DEBUG=1; a pytest run) may generate the missing ones into a git-ignored file
(``var/secrets.json``, mode 0600); anywhere else the settings refuse to load, naming them
(decision 0013). Nothing secret is ever committed.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WSR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _load_or_create_secrets(path: Path) -> dict[str, str]:
    """Read the local secrets file, creating it atomically (O_EXCL) on first use."""
    wanted = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "WSR_MASTER_KEY": lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "WSR_PEPPER": lambda: secrets.token_urlsafe(32),
    }
    if not path.exists():
        data = {key: make() for key, make in wanted.items()}
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process won the race; read theirs below
        else:
            with os.fdopen(fd, "w") as fh:
                json.dump(data, fh)
            return data
    loaded: dict[str, str] = json.loads(path.read_text())
    return loaded


SECRET_NAMES = ("SECRET_KEY", "WSR_MASTER_KEY", "WSR_PEPPER")


def load_secrets(environ: Mapping[str, str], *, path: Path, generate: bool) -> dict[str, str]:
    """The secrets from ``environ``; the missing ones from ``path`` (created on first use) when
    ``generate`` allows it, else ``ImproperlyConfigured`` naming them. A production host whose keys
    lived in var/ would lose every encrypted complaint with that directory, and two hosts would
    each invent their own keys."""
    missing = [name for name in SECRET_NAMES if not environ.get(name)]
    if missing and not generate:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} not set. Set them in the environment (the same values on every "
            "host, backed up apart from the database: without WSR_MASTER_KEY and WSR_PEPPER the "
            "encrypted complaints and case secrets cannot be read). On a demo or development "
            f"machine only, WSR_GENERATE_SECRETS=1 generates them into {path}."
        )
    local = _load_or_create_secrets(path) if missing else {}
    return {name: environ.get(name) or local[name] for name in SECRET_NAMES}


DEBUG = env_bool("DJANGO_DEBUG", False)
# A demo or development machine: `make run` sets WSR_GENERATE_SECRETS=1; pytest sets PYTEST_VERSION.
# Tools that load the settings but serve nothing (mypy's Django plugin, the translation commands)
# may use generated secrets too.
_TOOLING = "mypy" in sys.modules or sys.argv[1:2] in (["compilemessages"], ["makemessages"])
_GENERATE_SECRETS = env_bool("WSR_GENERATE_SECRETS", False) or DEBUG or "PYTEST_VERSION" in os.environ or _TOOLING
_SECRETS = load_secrets(
    os.environ,
    path=Path(os.environ.get("WSR_SECRETS_FILE", VAR_DIR / "secrets.json")),
    generate=_GENERATE_SECRETS,
)
SECRET_KEY = _SECRETS["SECRET_KEY"]
WSR_MASTER_KEY = _SECRETS["WSR_MASTER_KEY"]
WSR_PEPPER = _SECRETS["WSR_PEPPER"]
# Ed25519 key signing the transparency log's tree heads (wsr.core.log_tree): a base64 32-byte seed.
# Same rule as the secrets above: from the environment, or generated into var/ on a demo machine.
WSR_LOG_SIGNING_KEY = os.environ.get("WSR_LOG_SIGNING_KEY", "")
WSR_LOG_SIGNING_KEY_FILE = Path(os.environ.get("WSR_LOG_SIGNING_KEY_FILE", VAR_DIR / "log-signing-key"))
WSR_GENERATE_SECRETS = _GENERATE_SECRETS
if not WSR_LOG_SIGNING_KEY and not WSR_GENERATE_SECRETS:
    raise ImproperlyConfigured(
        "WSR_LOG_SIGNING_KEY not set (base64 of a 32-byte Ed25519 seed; `python -m wsr_verify keygen` "
        "makes one). It signs the public log's tree heads: keep it, and the same on every host. On a "
        f"demo or development machine only, WSR_GENERATE_SECRETS=1 generates it into {WSR_LOG_SIGNING_KEY_FILE}."
    )
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "wsr.core",
    "wsr.accounts",
    "wsr.programs",
    "wsr.registry",
    "wsr.standards",
    "wsr.agreements",
    "wsr.complaints",
    "wsr.audits",
    "wsr.education",
    "wsr.disclosure",
    "wsr.standing",
    "wsr.purchases",
    "wsr.ledger",
    "wsr.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wsr.accounts.middleware.IdleTimeoutMiddleware",
    "wsr.accounts.middleware.TwoFactorRequiredMiddleware",
    "wsr.core.middleware.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wsr.accounts.context_processors.actor",
            ],
        },
    },
]

# --- Database: embedded SQLite (WAL, IMMEDIATE transactions) unless DATABASE_URL is set -------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SQLITE_PATH = Path(os.environ.get("WSR_SQLITE_PATH", VAR_DIR / "wsr.sqlite3"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN: no deadlock-prone lock upgrades.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
            # A file, not in-memory: tests then see WAL, IMMEDIATE and busy_timeout as production does.
            "TEST": {"NAME": os.environ.get("WSR_TEST_SQLITE_PATH") or str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public:home"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("WSR_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 60 * 60 * 12
# Staff (monitoring body, worker organisation, platform admins) are logged out after this many
# seconds without a request.
WSR_STAFF_IDLE_TIMEOUT = env_int("WSR_STAFF_IDLE_TIMEOUT", 30 * 60)
# TOTP two-factor is required for monitoring-body and admin users. A demo may relax it
# (WSR_REQUIRE_2FA=0); the login page then says so.
WSR_REQUIRE_2FA = env_bool("WSR_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "WSR Platform"
# Login throttling counts failed attempts only: a token bucket per username (WSR_LOGIN_BURST) and
# a larger one per client address (a shared office or a training room signs in from one address).
WSR_LOGIN_BURST = env_int("WSR_LOGIN_BURST", 5)
WSR_LOGIN_ADDRESS_BURST = env_int("WSR_LOGIN_ADDRESS_BURST", 20)
WSR_LOGIN_REFILL_SECONDS = env_int("WSR_LOGIN_REFILL_SECONDS", 60)
WSR_DEMO_PASSWORD = os.environ.get("WSR_DEMO_PASSWORD", "")
# How many reverse proxies (each appending to X-Forwarded-For) stand in front of the app; 0 means
# clients connect directly. Throttles key on the client address this yields (wsr.core.http).
WSR_TRUSTED_PROXIES = env_int("WSR_TRUSTED_PROXIES", 0)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@wsr.invalid")

# --- Internationalisation -------------------------------------------------------------------
LANG_INFO.setdefault("ht", {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"})
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ht", _("Haitian Creole")),
    ("bn", _("Bengali")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Formats Django lacks (Haitian Creole) or leaves incomplete (Bengali date-times); pages format
# every date with the locale's DATE_FORMAT / DATETIME_FORMAT.
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files: vendored, served by WhiteNoise, no CDN ------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("WSR_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("WSR_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Facility lists larger than this are refused before parsing.
WSR_IMPORT_MAX_BYTES = env_int("WSR_IMPORT_MAX_BYTES", 30 * 1024 * 1024)

# --- Complaints -----------------------------------------------------------------------------
# SMS gateways: {"name": {"secret": "shared HMAC secret", "numbers": {"+15550001111": "program-slug"}}}
WSR_SMS_GATEWAYS = json.loads(os.environ.get("WSR_SMS_GATEWAYS", "{}"))
# Older master keys kept for unwrapping during rotation: {"key id": "urlsafe-base64 key"}
WSR_MASTER_KEYS = json.loads(os.environ.get("WSR_MASTER_KEYS", "{}"))
# Audits: an auditor who audited a facility for a brand within this many months is not independent.
WSR_AUDIT_COOLING_OFF_MONTHS = env_int("WSR_AUDIT_COOLING_OFF_MONTHS", 12)
# The public map: a tile URL template ("https://tiles.example.org/{z}/{x}/{y}.png") and its
# attribution; empty (the default) shows the country outlines shipped with the app, no tile server.
WSR_MAP_TILE_URL = os.environ.get("WSR_MAP_TILE_URL", "")
WSR_MAP_TILE_ATTRIBUTION = os.environ.get("WSR_MAP_TILE_ATTRIBUTION", "")

# --- Notifications, alerts, webhooks --------------------------------------------------------
# The site's public address, for links in e-mails and SMS ("https://wsr.example.org"; empty: paths only).
WSR_SITE_URL = os.environ.get("WSR_SITE_URL", "")
# SMS to on-call staff: POSTed as JSON to this gateway (Bearer WSR_SMS_TOKEN); empty: written to var/sent-sms/.
WSR_SMS_URL = os.environ.get("WSR_SMS_URL", "")
WSR_SMS_TOKEN = os.environ.get("WSR_SMS_TOKEN", "")
# Hour (UTC) from which the daily to-do digest e-mails go out.
WSR_DIGEST_HOUR_UTC = env_int("WSR_DIGEST_HOUR_UTC", 6)
# Brand webhooks: plain http:// to localhost accepted (development only); delivery timeout.
WSR_WEBHOOK_ALLOW_LOCAL = env_bool("WSR_WEBHOOK_ALLOW_LOCAL", DEBUG)
WSR_WEBHOOK_TIMEOUT_SECONDS = env_int("WSR_WEBHOOK_TIMEOUT_SECONDS", 5)

# --- Purchases and the premium ledger -------------------------------------------------------
# Largest purchase report through the API (larger ones go through the upload page) and uploaded.
WSR_PURCHASES_API_MAX_BYTES = env_int("WSR_PURCHASES_API_MAX_BYTES", 20 * 1024 * 1024)
WSR_PURCHASES_UPLOAD_MAX_BYTES = env_int("WSR_PURCHASES_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
# Programs with at least this many purchase lines reconcile through the DuckDB copy.
WSR_LEDGER_DUCKDB_MIN_LINES = env_int("WSR_LEDGER_DUCKDB_MIN_LINES", 1_000_000)

# --- Public disclosure ----------------------------------------------------------------------
# Open-data licence per program: {"slug": {"id": "ODbL-1.0", "name": "...", "url": "..."}}; default CC BY 4.0.
WSR_OPEN_DATA_LICENCES = json.loads(os.environ.get("WSR_OPEN_DATA_LICENCES", "{}"))
# Programs that do not publish which brand sources from which facility (comma-separated slugs).
WSR_UNPUBLISHED_SOURCING = tuple(
    slug.strip() for slug in os.environ.get("WSR_UNPUBLISHED_SOURCING", "").split(",") if slug.strip()
)
# Refuse to write an event whose kind is missing from wsr/core/catalogue.py (tests turn it on;
# production logs the omission and still records the event).
WSR_STRICT_EVENT_KINDS = env_bool("WSR_STRICT_EVENT_KINDS", DEBUG)

# --- Background work (docs/decisions/0019-task-queue-and-outbox.md) ---------------------------
# Tasks go through Django's tasks API (django-tasks). WSR_TASK_BACKEND picks the queue:
#   "database" (default): the queue is a table in the main database; `manage.py worker` runs it
#                         (`make run` starts one beside the web server);
#   "rq":                 Redis (REDIS_URL) via RQ, for workers on several machines;
#   "inline":             run at once in the caller (tests, one-off scripts).
# Whatever the queue, each task is also a row (core.TaskRun) written with the change that queued
# it, so a task whose worker died is run again and a finished one never is.
WSR_TASK_BACKEND = os.environ.get("WSR_TASK_BACKEND", "database")
if WSR_TASK_BACKEND not in {"database", "rq", "inline"}:
    raise ValueError(f"WSR_TASK_BACKEND must be database, rq or inline, not {WSR_TASK_BACKEND!r}")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
# No job timeout of RQ's own: a long import must not be cut off (leases detect dead workers).
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": -1}}
# A running task's lease; its worker renews it every third of this. A run whose lease ran out
# (its worker was killed) is queued again.
WSR_TASK_LEASE_SECONDS = env_int("WSR_TASK_LEASE_SECONDS", 60)
# A queued run nobody picked up within this many seconds is queued again (a lost Redis message).
WSR_TASK_REQUEUE_AFTER_SECONDS = env_int("WSR_TASK_REQUEUE_AFTER_SECONDS", 300)
# How often each worker's scheduler wakes up: periodic tasks, recovery, outbox flush.
WSR_SCHEDULER_TICK_SECONDS = env_int("WSR_SCHEDULER_TICK_SECONDS", 5)
# Finished task runs, periodic slots and queue rows older than this are deleted.
WSR_TASK_KEEP_DAYS = env_int("WSR_TASK_KEEP_DAYS", 14)
# Periodic work, scheduled by the platform (no cron): name -> (dotted path of a callable taking no
# arguments, every N seconds). Each must be idempotent; each period is enqueued once.
WSR_PERIODIC_TASKS: dict[str, tuple[str, int]] = {
    "outbox.flush": ("wsr.core.outbox.outbox_flush", env_int("WSR_OUTBOX_FLUSH_SECONDS", 60)),
    "complaints.sla_sweep": ("wsr.complaints.services.complaint_sla_sweep", env_int("WSR_SLA_SWEEP_SECONDS", 900)),
    "audits.cap_overdue_sweep": ("wsr.audits.services.cap_overdue_sweep", env_int("WSR_CAP_SWEEP_SECONDS", 3600)),
    "agreements.sweep": ("wsr.agreements.services.agreements_sweep", env_int("WSR_AGREEMENTS_SWEEP_SECONDS", 3600)),
    "standing.sweep": ("wsr.standing.services.standing_sweep", env_int("WSR_STANDING_SWEEP_SECONDS", 300)),
    "alerts.danger_realert": (
        "wsr.alerts.services.danger.danger_realert_sweep",
        env_int("WSR_DANGER_REALERT_SWEEP_SECONDS", 60),
    ),
    "alerts.todo_now": ("wsr.alerts.services.notify.todo_now_sweep", env_int("WSR_TODO_NOW_SWEEP_SECONDS", 60)),
    "alerts.todo_digest": ("wsr.alerts.services.notify.todo_digest_sweep", env_int("WSR_TODO_DIGEST_SECONDS", 3600)),
    "purchases.cut_and_run": ("wsr.purchases.cut_and_run.cut_and_run_sweep", env_int("WSR_CUT_AND_RUN_SECONDS", 86400)),
    "ledger.reconcile": ("wsr.ledger.reconcile.reconciliation_sweep", env_int("WSR_RECONCILE_SECONDS", 3600)),
}
# Outbox: attempts before a notice is marked failed; the first retry waits this many seconds,
# each next one twice as long (capped at six hours).
WSR_OUTBOX_MAX_ATTEMPTS = env_int("WSR_OUTBOX_MAX_ATTEMPTS", 8)
WSR_OUTBOX_RETRY_SECONDS = env_int("WSR_OUTBOX_RETRY_SECONDS", 60)
# Where EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes messages.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "sent-mail"))

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and images come
# from this site only (no inline script or style="" anywhere: tests/core/test_security_headers.py
# checks every template); a view may send a stricter policy of its own (evidence downloads do).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- HTTPS. WSR_HTTPS=1 (or WSR_SECURE_COOKIES=1) says the site is served over HTTPS: then
# browsers are told to use HTTPS only (HSTS, a year by default). Behind reverse proxies
# (WSR_TRUSTED_PROXIES > 0) the proxy's X-Forwarded-Proto tells Django a request came over HTTPS.
WSR_HTTPS = env_bool("WSR_HTTPS", SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = env_int("WSR_HSTS_SECONDS", 365 * 24 * 60 * 60 if WSR_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WSR_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("WSR_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("WSR_SSL_REDIRECT", False)
if WSR_TRUSTED_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WSR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
