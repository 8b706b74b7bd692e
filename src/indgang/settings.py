"""Settings for Indgang, read from the environment (12-factor).

DATABASE_URL   database (default: SQLite file var/indgang.sqlite3 in the project folder)
SECRET_KEY     signing key (default: generated once into var/secret_key)
DEBUG          "1"/"true" to turn debugging on; off unless asked for
ALLOWED_HOSTS  comma-separated host names (default: localhost only)
HTTPS          "1" when served over HTTPS: secure cookies, HSTS (with subdomains), redirect to
               HTTPS (default: on unless DEBUG)
INDGANG_CONTACT_EMAIL  the address the footer's contact, privacy and accessibility pages
               give (default: DEFAULT_FROM_EMAIL)
The limits (login lockout, request rates, trusted proxies) are read below, each from its
own variable; see decision 0017.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("INDGANG_PROJECT_DIR", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("INDGANG_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    # No key given: keep one per installation in var/, never a key committed to the repo.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Apps: Django's own, then one app per part of the design (../shared/DESIGN.md).
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "indgang.core",
    "indgang.reference",
    "indgang.organisations",
    "indgang.registry",
    "indgang.catalog",
    "indgang.guide",
    "indgang.audit",
    "indgang.crm",
    "indgang.events",
    "indgang.goals",
    "indgang.effects",
    "indgang.privacy",
    "indgang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "indgang.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "indgang.organisations.middleware.CurrentOrganisationMiddleware",
    "indgang.core.middleware.RefuseNulBytesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "indgang.urls"
WSGI_APPLICATION = "indgang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Apps cut into sub-domains (crm/referrals/, goals/contracts/, ...) keep each
        # sub-domain's templates in its own folder; Django's app loader looks only at
        # <app>/templates/, so the sub-domain folders are listed here.
        "DIRS": [PACKAGE_DIR / "templates", *sorted(PACKAGE_DIR.glob("*/*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indgang.organisations.context_processors.current_organisation",
                "indgang.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'indgang.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # secure_delete: erased personal data is overwritten in the file, not just
            # unlinked (decision 0019).
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA secure_delete=ON;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.Person"
# django-axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "indgang.core.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

# Static files: our own, plus the front-end packages installed from the npm registry
# (package.json), served straight out of node_modules; see docs/decisions.
NODE_MODULES = PROJECT_DIR / "node_modules"
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from the finders (no collectstatic step needed to run); `indgang
# collectstatic` still works for a deployment that wants hashed, compressed files.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [
    ("dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For the file backend (django.core.mail.backends.filebased.EmailBackend): where mails land.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# The site's address for links in mails sent without a request (event reminders).
EVENTS_BASE_URL = os.environ.get("INDGANG_BASE_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "indgang@localhost")
# Whom people write to about the site, its accessibility and their personal data.
CONTACT_EMAIL = os.environ.get("INDGANG_CONTACT_EMAIL", "") or DEFAULT_FROM_EMAIL
# The site's address for links in the guide's alert mails (sent by `indgang guide_alerts`).
GUIDE_BASE_URL = os.environ.get("INDGANG_BASE_URL", "") or "http://127.0.0.1:8000"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# The one entry's public API: requests per minute per anonymous caller.
GUIDE_ANON_RATE = os.environ.get("GUIDE_ANON_RATE", "120/m")
# Measured evidence as a ranking signal (guide/engine/evidence.py): 0 = off, the measured
# default (it lowered nDCG@10 on the shared requests at every weight tried).
GUIDE_EVIDENCE_WEIGHT = float(os.environ.get("INDGANG_GUIDE_EVIDENCE_WEIGHT", "0"))

# Limits that hold under abuse (decision 0017). The counters live in the database cache,
# shared by every worker process (its table is made by core's migration).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "indgang_cache",
        # Room for the contracts' cached progress (goals/contracts/selectors.py) of a
        # national deployment: Django's default of 300 would cull it on every page.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# How many proxies of our own stand in front of the app: X-Forwarded-For is read only then.
TRUSTED_PROXIES = int(os.environ.get("INDGANG_TRUSTED_PROXIES", "0"))
NINJA_NUM_PROXIES = TRUSTED_PROXIES
# The public offers API: requests per caller (address).
OFFERS_API_RATE = os.environ.get("OFFERS_API_RATE", "300/m")
# The public contact form: sent requests per address, and per company (CVR) and email.
CONTACT_FORM_RATE = os.environ.get("CONTACT_FORM_RATE", "5/h")
# All contact forms together: beyond this, a flood is refused instead of filling the inboxes.
CONTACT_FORM_TOTAL_RATE = os.environ.get("CONTACT_FORM_TOTAL_RATE", "100/h")
# Failed logins: locked out per account and per address after this many, for the cool-down.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (the email address)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "indgang.core.ratelimit.axes_client_ip"
# Successful logins are not kept by axes: the access log of personal data is our own.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "indgang.core.lockout.locked_out"
AXES_VERBOSE = False
# No inline script anywhere: every script is a static file (decision 0017).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # style attributes only (positions computed on the server, e.g. the continuity chart)
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Public event sign-ups (page and API): requests per caller, e.g. "10/m".
EVENTS_SIGNUP_RATE = os.environ.get("EVENTS_SIGNUP_RATE", "10/m")
# How many fictitious companies `indgang demo` puts in the register.
DEMO_COMPANIES = int(os.environ.get("INDGANG_DEMO_COMPANIES", "20000"))
# Where background jobs execute: a thread of the web process, a queue that the scheduler's
# commands work off, or inline (tests). See decision 0008. BACKGROUND is for goals counted
# at national size (`indgang warm_goals` is their queue command); effect runs and their
# report files follow EFFECTS_BACKGROUND (`indgang run_effects_queue`), by default the same.
BACKGROUND = os.environ.get("INDGANG_BACKGROUND", "thread")
EFFECTS_BACKGROUND = os.environ.get("INDGANG_EFFECTS_BACKGROUND", BACKGROUND)
