"""Django settings for Tongxin.

Everything that differs between a laptop demo and a production deployment comes
from the environment: ``DATABASE_URL``, ``TONGXIN_SECRET_KEY``, ``TONGXIN_DEBUG``,
``TONGXIN_ALLOWED_HOSTS`` and ``TONGXIN_VAR_DIR``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TONGXIN_VAR_DIR", BASE_DIR.parent / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("TONGXIN_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get(
    "TONGXIN_SECRET_KEY", "insecure-development-key-set-TONGXIN_SECRET_KEY"
)
ALLOWED_HOSTS = os.environ.get(
    "TONGXIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver"
).split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "simple_history",
    "tongxin.core",
    "tongxin.accounts",
    "tongxin.orgs",
    "tongxin.members",
    "tongxin.audit",
    "tongxin.activities",
    "tongxin.honors",
    "tongxin.campaigns",
    "tongxin.notifications",
    "tongxin.talent",
    "tongxin.lifecycle",
    "tongxin.workflows",
    "tongxin.participation",
    "tongxin.publicity",
    "tongxin.memberhome",
    "tongxin.stats",
    "tongxin.appraisal",
    "tongxin.reports",
    "tongxin.ledger",
    "tongxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tongxin.urls"
WSGI_APPLICATION = "tongxin.wsgi.application"

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
            ],
        },
    },
]

SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-64000;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tongxin.sqlite3'}",
        conn_max_age=int(os.environ.get("TONGXIN_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    # Kept open across requests like PostgreSQL's: opening the file and running
    # the pragmas above cost a signed-in page more than everything else it does.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# A read-only replica for reports and statistics (see tongxin.core.routers):
# only code inside ``reading_from_replica()`` reads from it.
if os.environ.get("TONGXIN_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["TONGXIN_REPLICA_DATABASE_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tongxin.core.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Uploads: rosters are small files; anything larger is refused with a message.
TONGXIN_MAX_UPLOAD_BYTES = int(os.environ.get("TONGXIN_MAX_UPLOAD_BYTES", 20 << 20))
# Photos of the archive and of events.
TONGXIN_MAX_PHOTO_BYTES = int(os.environ.get("TONGXIN_MAX_PHOTO_BYTES", 10 << 20))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 << 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 << 20

# List pages never count past this bound exactly.
TONGXIN_COUNT_LIMIT = 10_000
# Member certificate (会员证) numbers: a str.format pattern with {year} and {seq}.
TONGXIN_CERTIFICATE_PATTERN = os.environ.get(
    "TONGXIN_CERTIFICATE_PATTERN", "{year}{seq:04d}"
)
# A TrueType CJK font for the printed cards (else ReportLab's STSong-Light).
TONGXIN_CARD_FONT = os.environ.get("TONGXIN_CARD_FONT", "")
TONGXIN_PAGE_SIZE = 50
# Age bands of the member filters and statistics, as their upper bounds
# ("35,45,55,65": 35岁及以下, 36—45岁, 46—55岁, 56—65岁, 66岁及以上).
TONGXIN_AGE_BANDS = os.environ.get("TONGXIN_AGE_BANDS", "35,45,55,65")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# --- Security: login policy, second factor, sessions (accounts) -------------
# Password rules (accounts/validators.py), lockout (django-axes), idle timeout,
# forced password change and TOTP for the administrator roles (django-otp),
# enforced by accounts/middleware.py.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
# OTPMiddleware after AuthenticationMiddleware; the login policy after both;
# axes last, as its documentation requires.
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "tongxin.accounts.middleware.LoginPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with the user row kept in the cache.
    "tongxin.accounts.backends.CachedModelBackend",
]

TONGXIN_PASSWORD_MIN_LENGTH = int(os.environ.get("TONGXIN_PASSWORD_MIN_LENGTH", "8"))
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "tongxin.accounts.validators.UserAttributeSimilarityValidator",
        "OPTIONS": {
            "user_attributes": (
                "username",
                "display_name",
                "first_name",
                "last_name",
                "email",
            )
        },
    },
    {"NAME": "tongxin.accounts.validators.UsernameInPasswordValidator"},
    {
        "NAME": "tongxin.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": TONGXIN_PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "tongxin.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {"NAME": "tongxin.accounts.validators.CommonPasswordValidator"},
    {"NAME": "tongxin.accounts.validators.NumericPasswordValidator"},
]

# Lockout: 5 failures lock the account AND, independently, the address for
# 15 minutes. Failures during a lockout do not extend it; a success does not
# reset the counters (it would let one valid account clear an address).
AXES_FAILURE_LIMIT = 5
TONGXIN_LOCKOUT_MINUTES = 15
AXES_COOLOFF_TIME = TONGXIN_LOCKOUT_MINUTES / 60  # axes reads a number as hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tongxin.accounts.views.lockout_response"
AXES_COOLOFF_MESSAGE = _("登录失败次数过多，账户或地址已被暂时锁定，请稍后再试。")
# Logins and logouts are in the audit trail; axes keeps only failure counters.
AXES_DISABLE_ACCESS_LOG = True
# The address is the audit trail's: X-Forwarded-For only from the proxies
# listed in TONGXIN_TRUSTED_PROXIES, so a client cannot pick its address.
AXES_CLIENT_IP_CALLABLE = "tongxin.audit.context.client_ip"

# Sessions end after TONGXIN_SESSION_IDLE_MINUTES without a request (sliding,
# enforced by LoginPolicyMiddleware), and when the browser closes.
TONGXIN_SESSION_IDLE_MINUTES = int(os.environ.get("TONGXIN_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = TONGXIN_SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions are read from the cache and written through to the database
# (logout deletes both); see the cache below.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Second factor (TOTP) for sysadmin, secadmin, auditadmin and superusers.
OTP_TOTP_ISSUER = "Tongxin"
# --- end security ------------------------------------------------------------

# --- Cache -------------------------------------------------------------------
# Sessions, users, grants, unread badges and the navigation menus of the page
# frame are kept here between requests (tongxin/core/framecache.py,
# tongxin/core/navigation.py) and dropped when their rows change, so the cache
# must be ONE for every server process: a file cache under TONGXIN_VAR_DIR
# (shared by the gunicorn workers of one server), or any shared cache set
# with TONGXIN_CACHE_URL (redis://..., for several servers; needs the redis
# package). A per-process memory cache would let one worker keep a session
# another has ended.
TONGXIN_CACHE_URL = os.environ.get("TONGXIN_CACHE_URL", "")
if TONGXIN_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TONGXIN_CACHE_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
# Keys name the database they describe: processes serving another database
# (a second instance on the same Redis, the test runner's workers, each with
# its own test database) never read each other's entries.
CACHES["default"]["KEY_FUNCTION"] = "tongxin.core.framecache.database_key"
# --- end cache ---------------------------------------------------------------

# --- Audit trail ---------------------------------------------------------------
# Audit rows are kept forever in the database (append-only, hash-chained);
# ``tongxin audit-archive`` exports old rows for offline copies, never deletes.
TONGXIN_AUDIT_RETENTION_DAYS = int(os.environ.get("TONGXIN_AUDIT_RETENTION_DAYS", 180))
if TONGXIN_AUDIT_RETENTION_DAYS < 180:
    raise ValueError("TONGXIN_AUDIT_RETENTION_DAYS must be at least 180 (等保 2.0).")
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks).
TONGXIN_TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get("TONGXIN_TRUSTED_PROXIES", "").split(",")
    if p.strip()
]
# Right after authentication, so every later middleware's events (idle
# logout, lockout, second factor) know the request's user and address.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "tongxin.audit.middleware.AuditContextMiddleware",
)
# --- end audit ---------------------------------------------------------------

# --- Personal data encryption --------------------------------------------------
# ID numbers and mobiles are stored encrypted (Fernet) and found through a keyed
# hash; see tongxin/core/crypto.py and docs/deploy.md. TONGXIN_FIELD_KEYS: Fernet
# keys, comma-separated; the first encrypts, all decrypt (rotation: put a new key
# first, run `tongxin rotate-keys`, drop the old one). TONGXIN_INDEX_KEY: secret
# of the keyed hash (TONGXIN_INDEX_KEY_NEW while rotating it). Outside production
# missing keys are generated once into TONGXIN_KEYS_FILE.
TONGXIN_FIELD_KEYS = [
    k.strip() for k in os.environ.get("TONGXIN_FIELD_KEYS", "").split(",") if k.strip()
]
TONGXIN_INDEX_KEY = os.environ.get("TONGXIN_INDEX_KEY", "")
TONGXIN_INDEX_KEY_NEW = os.environ.get("TONGXIN_INDEX_KEY_NEW", "")
TONGXIN_KEYS_FILE = VAR_DIR / "keys.env"
TONGXIN_KEYS_AUTOGENERATE = os.environ.get("TONGXIN_PRODUCTION", "0") != "1"
# --- end encryption ------------------------------------------------------------

# --- Production hardening (TONGXIN_PRODUCTION=1) -----------------------------
# See docs/deploy.md.  TONGXIN_PRODUCTION=1 refuses to start without a real
# secret key and host list and turns on HTTPS-only cookies, HSTS and the
# security headers; `tongxin check --deploy` then passes.
TONGXIN_PRODUCTION = os.environ.get("TONGXIN_PRODUCTION", "0") == "1"
# Content-Security-Policy (tongxin.core.middleware): scripts only from this
# site (plus a per-request nonce); inline styles allowed because templates
# use style="" attributes and htmx injects its indicator style.
TONGXIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Development only reports violations (browser console); production enforces.
TONGXIN_CSP_REPORT_ONLY = (
    os.environ.get("TONGXIN_CSP_REPORT_ONLY", "0" if TONGXIN_PRODUCTION else "1") == "1"
)
MIDDLEWARE += ["tongxin.core.middleware.ContentSecurityPolicyMiddleware"]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("TONGXIN_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]
if TONGXIN_PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    if DEBUG:
        raise ImproperlyConfigured(
            "TONGXIN_DEBUG=1 must not be used with TONGXIN_PRODUCTION=1."
        )
    if (
        SECRET_KEY == "insecure-development-key-set-TONGXIN_SECRET_KEY"
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
    ):
        raise ImproperlyConfigured(
            "TONGXIN_PRODUCTION=1 needs TONGXIN_SECRET_KEY: 50 or more random "
            "characters, e.g. from `python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`."
        )
    ALLOWED_HOSTS = [
        h.strip()
        for h in os.environ.get("TONGXIN_ALLOWED_HOSTS", "").split(",")
        if h.strip()
    ]
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "TONGXIN_PRODUCTION=1 needs TONGXIN_ALLOWED_HOSTS: the host names "
            "the site is served under, comma-separated (no '*')."
        )
    # Django redirects http to https itself unless a TLS-terminating proxy
    # does (TONGXIN_SSL_REDIRECT=0); the proxy's X-Forwarded-Proto then tells
    # Django the request was secure (the proxy must overwrite that header).
    SECURE_SSL_REDIRECT = os.environ.get("TONGXIN_SSL_REDIRECT", "1") == "1"
    if (
        os.environ.get("TONGXIN_PROXY_SSL_HEADER", "0" if SECURE_SSL_REDIRECT else "1")
        == "1"
    ):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("TONGXIN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = (
        os.environ.get("TONGXIN_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    )
    # Preloading is a promise for the whole domain, made by its owner.
    SECURE_HSTS_PRELOAD = os.environ.get("TONGXIN_HSTS_PRELOAD", "0") == "1"
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
# --- end production ------------------------------------------------------------

# --- Background jobs and messages (publicity) ----------------------------------
# Jobs go to a table (django-tasks with the django-tasks-db backend); `tongxin
# worker` runs them.  `tongxin serve` (and so `tongxin demo`) starts one worker
# beside the web server unless given --no-worker; production runs the worker
# as its own systemd unit (docs/deploy.md).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TONGXIN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# SMS: "console" writes each message to VAR_DIR/sms/outbox.log; "http" posts
# JSON to TONGXIN_SMS_URL with TONGXIN_SMS_KEY; receipts come back to
# /publicity/sms/receipts/ signed with HMAC-SHA256 of TONGXIN_SMS_RECEIPT_SECRET.
TONGXIN_SMS_BACKEND = os.environ.get("TONGXIN_SMS_BACKEND", "console")
TONGXIN_SMS_URL = os.environ.get("TONGXIN_SMS_URL", "")
TONGXIN_SMS_KEY = os.environ.get("TONGXIN_SMS_KEY", "")
TONGXIN_SMS_RECEIPT_SECRET = os.environ.get("TONGXIN_SMS_RECEIPT_SECRET", "")
TONGXIN_SMS_TIMEOUT = float(os.environ.get("TONGXIN_SMS_TIMEOUT", "10"))
# 会员之家: members sign in by a one-time SMS code (tongxin/memberhome).
TONGXIN_SMS_CODE_MINUTES = 5  # a code's lifetime
TONGXIN_SMS_CODE_INTERVAL_SECONDS = 60  # between two codes to one number
TONGXIN_SMS_CODE_PER_HOUR = 5  # codes per number per hour
TONGXIN_SMS_CODE_PER_IP_HOUR = 20  # codes per client address per hour
TONGXIN_SMS_CODE_FAILURES = 5  # wrong codes that lock the number
# Times in 24 hours a member may reveal their branch head's phone on 我的.
TONGXIN_HEAD_PHONE_REVEALS_PER_DAY = 10
TONGXIN_SMS_LOCK_MINUTES = 15
TONGXIN_REMEMBER_PHONE_DAYS = 30  # "remember this phone" cookie and row
TONGXIN_SMS_SIGNATURE = os.environ.get("TONGXIN_SMS_SIGNATURE", "【同心】")
# Group robots (WeCom, DingTalk) and WeChat template messages
# (tongxin/publicity/channels.py): "console" appends them to
# VAR_DIR/channels/outbox.log, "http" calls the platforms.
TONGXIN_CHANNEL_BACKEND = os.environ.get("TONGXIN_CHANNEL_BACKEND", "console")
TONGXIN_CHANNEL_TIMEOUT = float(os.environ.get("TONGXIN_CHANNEL_TIMEOUT", "10"))
# Hosts a robot's webhook may point at, by kind (always https).
TONGXIN_ROBOT_HOSTS = {
    "wecom": ["qyapi.weixin.qq.com"],
    "dingtalk": ["oapi.dingtalk.com"],
}
TONGXIN_WECHAT_API_BASE = os.environ.get(
    "TONGXIN_WECHAT_API_BASE", "https://api.weixin.qq.com"
)
# WeChat's web authorization page (binding a member's WeChat, snsapi_base).
TONGXIN_WECHAT_AUTHORIZE_URL = os.environ.get(
    "TONGXIN_WECHAT_AUTHORIZE_URL",
    "https://open.weixin.qq.com/connect/oauth2/authorize",
)
TONGXIN_WECHAT_APPID = os.environ.get("TONGXIN_WECHAT_APPID", "")
TONGXIN_WECHAT_SECRET = os.environ.get("TONGXIN_WECHAT_SECRET", "")
TONGXIN_WECHAT_TEMPLATE_ID = os.environ.get("TONGXIN_WECHAT_TEMPLATE_ID", "")
# Where a template message's tap leads (the member home).
TONGXIN_WECHAT_LINK_URL = os.environ.get("TONGXIN_WECHAT_LINK_URL", "")
TONGXIN_SITE_NAME = "同心"
# Attempts of a personal notice on its channel (tongxin retry-notices).
TONGXIN_NOTICE_MAX_ATTEMPTS = 3
# Messages sent per second, SMS and e-mail each (a token bucket, burst 1).
TONGXIN_SEND_RATE = float(os.environ.get("TONGXIN_SEND_RATE", "10"))
# A delivery still "sending" after this long was interrupted (the worker
# stopped): it is marked failed, never sent again by itself.
TONGXIN_SENDING_STALE_SECONDS = int(
    os.environ.get("TONGXIN_SENDING_STALE_SECONDS", "600")
)
EMAIL_HOST = os.environ.get("TONGXIN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TONGXIN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("TONGXIN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TONGXIN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("TONGXIN_EMAIL_TLS", "0") == "1"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("TONGXIN_EMAIL_FROM", "tongxin@localhost")
EMAIL_BACKEND = os.environ.get(
    "TONGXIN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if TONGXIN_PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
# --- end background jobs and messages -------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The address the site is reached at from outside (``https://tongxin.example``),
# for links in SMS messages; empty: links are sent as paths.
TONGXIN_SITE_URL = os.environ.get("TONGXIN_SITE_URL", "").rstrip("/")
