"""Madang settings: one module, every deployment-specific value read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

# The directory holding the madang and config packages: the checkout, or site-packages in an installed copy. Code,
# templates, static files and translations are read from there; nothing is written there in an installed copy.
BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "madang"
# What Madang writes (the SQLite file, collected static files, mail files): MADANG_VAR_DIR, else var/ in a checkout,
# else the user's data directory ($XDG_DATA_HOME/madang, ~/.local/share/madang).
CHECKOUT = (BASE_DIR / "pyproject.toml").is_file()
DEFAULT_VAR_DIR = (
    BASE_DIR / "var"
    if CHECKOUT
    else Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "madang"
)
VAR_DIR = Path(os.environ.get("MADANG_VAR_DIR") or DEFAULT_VAR_DIR)
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key only serves development and tests: config/wsgi.py and asgi.py refuse to serve without a real
# one unless DEBUG is on, and `check --deploy` flags it (its "django-insecure-" prefix).
DEVELOPMENT_SECRET_KEY = "django-insecure-madang-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "rules",  # permissions come from each app's policies.py (madang/core/policy.py), not rules.py modules
    "madang.core",
    "madang.accounts",
    "madang.catalogue",
    "madang.matching",
    "madang.conversations",
    "madang.surveys",
    "madang.pilots",
    "madang.proposals",
    "madang.assessment",
    "madang.inclusion",
    "madang.training",
    "madang.notifications",
    "madang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "madang.accounts.two_factor.TwoFactorRequiredMiddleware",
    "madang.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "madang.core.middleware.DisplaySettingsMiddleware",
    "madang.core.input_guard.InputGuardMiddleware",
    "madang.core.middleware.PrivateCacheMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the language, display settings, CSRF secret and user resolved (madang/core/page_cache.py).
    "madang.core.page_cache.AnonymousPageCacheMiddleware",
]
# Public pages for anonymous visitors are cached this long (0: off); any content change invalidates them at once.
MADANG_PAGE_CACHE_SECONDS = int(os.environ.get("MADANG_PAGE_CACHE_SECONDS", "300"))
# Pages rendered inside a transaction are not stored (a rollback sends no signal); the cache's own tests allow it.
MADANG_PAGE_CACHE_IN_TRANSACTIONS = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "madang.core.context_processors.display",
                "madang.notifications.context_processors.inbox",
            ],
        },
    },
]

# Form widgets render through the project's templates, so custom widgets (the survey scale) live beside the rest.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'madang.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is checked before each request reuses it, so a restarted database costs one request's
        # reconnect, not an error page.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web server and worker share one SQLite file: wait for a lock instead of failing, and take the
    # write lock when a transaction starts so two writers never deadlock half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: a typed address without scheme is https

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while an account is locked from an address
    "rules.permissions.ObjectPermissionBackend",
    "madang.core.backends.PolicyAwareModelBackend",  # the admin's grants never override a policy
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "madang.accounts.validators.PrivilegedPasswordValidator"},
]
# Login throttling (django-axes): an account is locked from one address after a few wrong passwords, for a while,
# and a correct sign-in, a password reset or staff (/accounts/limits/) lift it. No access log: it would keep every
# sign-in's address. Public actions without an account have their own limits (madang/accounts/limits.py).
AXES_FAILURE_LIMIT = int(os.environ.get("MADANG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MADANG_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "madang.accounts.views_limits.locked_out"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "madang.accounts.limits.client_address"
MADANG_RATE_LIMITS: dict[str, tuple[int, int]] = {}  # scope -> (uses, seconds); see madang/accounts/limits.py
OTP_TOTP_ISSUER = os.environ.get("MADANG_OTP_ISSUER", "Madang")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:workspace"  # what needs the person, from every app
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("ja", _("Japanese")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]  # inside the package, so an installed copy has its translations
USE_I18N = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Production (`make serve`, deploy.md) serves collected files with content hashes in their names, compressed, cached
# for a year; development and tests serve the source files as they are.
STATIC_MANIFEST = env_bool("MADANG_STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# The console backend redacts links, addresses and phone numbers: a reset link in a log is a working key.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "madang.core.mail.RedactingConsoleEmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Madang <no-reply@madang.invalid>")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS behind a reverse proxy (docs/deploy.md lists the production values; `check --deploy` is clean with them).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Madang's pages ship no script; the admin's scripts are same-origin files. Inline style attributes draw the bar
# charts (a width per bar), so only attribute styles are allowed inline, never style elements or scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# One cache for every process (scores, and what later issues cache): a database table by default, so web servers and
# workers share it with no extra service (`manage.py createcachetable` makes it); Redis or Memcached by setting
# MADANG_CACHE_BACKEND and MADANG_CACHE_LOCATION.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("MADANG_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("MADANG_CACHE_LOCATION", "madang_cache"),
        "TIMEOUT": 3600,
    }
}

# Background jobs (madang/core/jobs.py, docs/decisions/0008): the database backend needs no other service and
# works on SQLite and PostgreSQL; `manage.py run_worker` runs them. The test suite uses the immediate backend.
TASKS = {"default": {"BACKEND": os.environ.get("MADANG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Re-embed changed content in a background job after each save (tests switch it off and refresh explicitly).
MADANG_SEARCH_AUTO = env_bool("MADANG_SEARCH_AUTO", True)
MADANG_CATALOGUE_SEARCH = "madang.matching.search.catalogue_search"
MADANG_PAGE_SIZE = int(os.environ.get("MADANG_PAGE_SIZE", "20"))
MADANG_IMPORT_MAX_BYTES = int(os.environ.get("MADANG_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MADANG_IMPORT_MAX_BYTES
# Uploads above this are imported by the job worker, with a page showing how far it has got; smaller ones at once.
MADANG_IMPORT_INLINE_BYTES = int(os.environ.get("MADANG_IMPORT_INLINE_BYTES", str(256 * 1024)))
# Digital classes: the address used in e-mail and SMS links, and the SMS backend (a city plugs in its provider).
MADANG_SITE_URL = os.environ.get("MADANG_SITE_URL", "http://127.0.0.1:8000")
MADANG_SMS_BACKEND = os.environ.get("MADANG_SMS_BACKEND", "madang.training.sms.ConsoleSmsBackend")
# For MADANG_SMS_BACKEND=madang.training.sms.HttpSmsBackend: the gateway's address, its bearer token, the sender.
MADANG_SMS_HTTP_URL = os.environ.get("MADANG_SMS_HTTP_URL", "")
MADANG_SMS_HTTP_TOKEN = os.environ.get("MADANG_SMS_HTTP_TOKEN", "")
MADANG_SMS_SENDER = os.environ.get("MADANG_SMS_SENDER", "")
MADANG_SMS_HTTP_TIMEOUT = float(os.environ.get("MADANG_SMS_HTTP_TIMEOUT", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "madang.core.redaction.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # runserver's request lines print paths, and private links carry their token in the path.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
