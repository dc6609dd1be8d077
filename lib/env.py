"""Strict readers for environment variables.

A malformed value stops start-up with ImproperlyConfigured naming the variable,
instead of silently falling back to a default.
"""

import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def string(self, name: str, default: str | None = None, *, required: bool = False) -> str:
        value = self._raw(name)
        if value is None:
            if required:
                raise ImproperlyConfigured(f"{name} must be set.")
            return default or ""
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.string(name, default)
        if value not in choices:
            raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a boolean; use one of true/false, 1/0, yes/no, on/off."
        )

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
        return number

    def decimal(self, name: str, default: Decimal, *, minimum: Decimal | None = None) -> Decimal:
        """A decimal number written with a point (6.27), as in any configuration file."""
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not a decimal number; write it with a point, e.g. 6.27."
            ) from None
        if not number.is_finite():
            raise ImproperlyConfigured(f"{name}={value!r} is not a finite number.")
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
        return number

    def strings(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if value is None:
            return list(default)
        items = [item.strip() for item in value.split(",")]
        if any(item == "" for item in items):
            raise ImproperlyConfigured(f"{name}={value!r} has an empty entry.")
        return items

    def database(self, name: str, default: str, *, pool: bool) -> dict:
        url = self.string(name, default)
        try:
            config = dj_database_url.parse(url)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
        engine = config.get("ENGINE", "")
        if engine == "django.db.backends.postgresql":
            if pool:
                # psycopg's pool replaces persistent connections.
                config["CONN_MAX_AGE"] = 0
                config.setdefault("OPTIONS", {})["pool"] = True
        elif engine == "django.db.backends.sqlite3":
            if not config.get("NAME") or config["NAME"] == ":memory:":
                raise ImproperlyConfigured(
                    f"{name} must name an SQLite file, e.g. sqlite:////srv/portal/db.sqlite3."
                )
            config.setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
        else:
            raise ImproperlyConfigured(
                f"{name} must use postgres:// or sqlite://, not {url.split(':', 1)[0]!r}."
            )
        config["ATOMIC_REQUESTS"] = False
        return config

    def cache(self, name: str, default: str) -> dict:
        url = self.string(name, default)
        if url.startswith(("redis://", "rediss://")):
            return {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "portal",
            }
        if url.startswith("locmem://"):
            return {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": url.removeprefix("locmem://") or "portal",
            }
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or locmem://.")
