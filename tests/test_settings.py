"""The production configuration: deploy checks pass with DEBUG off; HTTPS=0 turns off only TLS settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "t" * 20 + "-a-long-random-production-secret-for-the-test-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "archive.example.org",
}


def run(args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def setting_values(names, **env):
    code = (
        "from django.conf import settings; print(" + ", ".join(f"getattr(settings, {n!r}, None)" for n in names) + ")"
    )
    result = run(["shell", "-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_deploy_check_passes_with_debug_off():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_turns_on_tls_protections():
    values = setting_values(
        ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"], **PRODUCTION
    )
    assert values == "True True True 31536000"


def test_https_0_turns_off_only_the_tls_settings():
    env = {**PRODUCTION, "HTTPS": "0"}
    values = setting_values(
        ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "DEBUG", "X_FRAME_OPTIONS"], **env
    )
    assert values == "False False 0 False DENY"
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run(["check"], DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value, expected", [("", "True"), ("1", "True"), ("0", "False")])
def test_debug_defaults_on_for_local_use(value, expected):
    assert setting_values(["DEBUG"], DEBUG=value, SECRET_KEY=PRODUCTION["SECRET_KEY"]) == expected


def test_production_serves_hashed_compressed_static_files_and_development_plain_ones():
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    production = run(["shell", "-c", code], **PRODUCTION)
    assert production.stdout.strip().splitlines()[-1] == "whitenoise.storage.CompressedManifestStaticFilesStorage", (
        production.stderr
    )
    development = run(["shell", "-c", code], DEBUG="1")
    assert development.stdout.strip().splitlines()[-1] == "django.contrib.staticfiles.storage.StaticFilesStorage"
