"""Production settings (issue 10, item 7): refuse to start without the production variables,
`check --deploy` clean with them, a Content-Security-Policy without inline code, and Redoc
without external fonts."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# The variables README's production example sets.
PRODUCTION = {
    "ALLOWED_HOSTS": "wuye.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://wuye.example.gov.cn",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "PUBLIC_BASE_URL": "https://wuye.example.gov.cn",
}


def _clean_env(**extra):
    """The process environment without anything that makes it development."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "PORTAL_ENV", "DEBUG"}}
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL", "WEB_HOST", "WEB_PORT"):
        env.pop(name, None)
    env["PORTAL_DATA_DIR"] = str(BASE_DIR / ".no-such-data-dir")  # nothing embedded may start
    return {**env, **extra}


def _database_url():
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{quote(db['HOST'] or '', safe='')}:{db['PORT']}/{db['NAME']}"
    )


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_its_variables():
    result = _manage("check", env=_clean_env())
    assert result.returncode != 0
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PORTAL_ENV=development"):
        assert name in result.stderr
    partial = _manage("check", env=_clean_env(SECRET_KEY="x" * 60, REDIS_URL=settings.REDIS_URL))
    assert partial.returncode != 0 and "needs DATABASE_URL in the environment" in partial.stderr
    assert not (BASE_DIR / ".no-such-data-dir").exists()


def _production(**extra):
    """The production variables, with a good key unless ``extra`` names another."""
    variables = {"SECRET_KEY": secrets.token_urlsafe(50), "DATABASE_URL": _database_url(), **PRODUCTION}
    return _clean_env(**{**variables, "REDIS_URL": settings.REDIS_URL, **extra})


@pytest.mark.parametrize("debug", ["true", "1"])
def test_debug_in_production_is_refused_not_turned_into_development(debug):
    for env in (_production(DEBUG=debug, PORTAL_ENV="production"), _production(DEBUG=debug)):
        result = _manage("check", env=env)
        assert result.returncode != 0
        assert "DEBUG=true is refused in production" in result.stderr and "PORTAL_ENV=development" in result.stderr
    assert not (BASE_DIR / ".no-such-data-dir").exists()  # nothing embedded started either


@pytest.mark.parametrize(
    "key",
    [
        "abc",
        "x" * 60,
        "ab" * 40,
        "abcd" * 20,
        "K" * 49 + "ey",
        "django-insecure-" + "k7Qz2mW9xR4tB8nV1cL6pH3sJ0dF5gY" * 2,
    ],
)
def test_a_weak_secret_key_is_refused_in_production(key):
    result = _manage("check", env=_production(SECRET_KEY=key))
    assert result.returncode != 0 and "SECRET_KEY is too weak for production" in result.stderr
    assert len(key) < 10 or key not in result.stderr  # the message never repeats the key


def test_a_strong_secret_key_starts_and_development_keeps_its_own_key():
    assert _manage("check", env=_production(SECRET_KEY="abcde" * 10)).returncode == 0
    data_dir = os.environ.get("PORTAL_DATA_DIR", str(BASE_DIR / ".data"))
    env = _clean_env(PORTAL_ENV="development", DEBUG="true", SECRET_KEY="abc", PORTAL_DATA_DIR=data_dir)
    development = _manage("check", env=env)
    assert development.returncode == 0, development.stderr


def test_production_refuses_to_start_without_the_public_address():
    """Links in residents' SMS start with PUBLIC_BASE_URL: production must name it (issue 24, item 1)."""
    env = _production()
    del env["PUBLIC_BASE_URL"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Production needs PUBLIC_BASE_URL" in result.stderr
    result = _manage("check", env=_production(PUBLIC_BASE_URL="wuye.example.gov.cn"))
    assert result.returncode != 0 and "PUBLIC_BASE_URL must start with http:// or https://" in result.stderr


def _public_base_url(**variables):
    data_dir = os.environ.get("PORTAL_DATA_DIR", str(BASE_DIR / ".data"))
    env = _clean_env(PORTAL_ENV="development", PORTAL_DATA_DIR=data_dir, **variables)
    script = "from django.conf import settings; print(settings.PUBLIC_BASE_URL)"
    result = _manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_development_links_point_at_the_address_make_run_serves():
    """`WEB_PORT=8311 make run` serves http://127.0.0.1:8311: the SMS links go there, not to 8000."""
    assert _public_base_url(WEB_PORT="8311") == "http://127.0.0.1:8311"
    assert _public_base_url() == "http://127.0.0.1:8000"  # scripts/run.sh's default address
    assert _public_base_url(WEB_HOST="0.0.0.0", WEB_PORT="8312") == "http://127.0.0.1:8312"
    assert _public_base_url(WEB_HOST="192.0.2.7", WEB_PORT="8313") == "http://192.0.2.7:8313"
    assert _public_base_url(WEB_PORT="8311", PUBLIC_BASE_URL="https://m.example.org") == "https://m.example.org"


def test_development_starts_with_no_variables():
    result = _manage(
        "check",
        env=_clean_env(
            PORTAL_ENV="development", PORTAL_DATA_DIR=os.environ.get("PORTAL_DATA_DIR", str(BASE_DIR / ".data"))
        ),
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_the_documented_production_variables():
    env = _clean_env(
        SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=_database_url(), REDIS_URL=settings.REDIS_URL, **PRODUCTION
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_content_security_policy_without_inline_code(tree, users, client_for):
    for who, url in [(None, "/"), (None, "/complaint/new/"), (users.city, "/complaints/"), (users.city, "/workbench/")]:
        response = client_for(who).get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url  # every script from a file
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), url


@pytest.mark.parametrize("path", sorted(str(p.relative_to(BASE_DIR)) for p in (BASE_DIR / "templates").rglob("*.html")))
def test_templates_hold_no_inline_script_or_style(path):
    text = (BASE_DIR / path).read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=|javascript:", text)


def test_api_docs_load_nothing_from_other_sites(client):
    for url in ("/api/v1/redoc/", "/api/v1/docs/"):
        html = client.get(url).content.decode()
        assert "googleapis" not in html and "gstatic" not in html and "cdn." not in html
        assert all(src.startswith("/") for src in re.findall(r'src="([^"]+)"', html)), html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style", html)
    policy = client.get("/api/v1/redoc/")["Content-Security-Policy"]
    assert "img-src 'self' data:" in policy  # Redoc's logo from cdn.redoc.ly is never fetched
