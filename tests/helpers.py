from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection, transaction


@contextmanager
def violates(constraint_name: str, *, sqlite_says: str | None = None):
    """Assert that the block is refused by the named database constraint.

    SQLite names columns rather than the constraint for UNIQUE(...) failures;
    `sqlite_says` is what it reports instead.
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    expected = sqlite_says if connection.vendor == "sqlite" and sqlite_says else constraint_name
    assert expected in str(excinfo.value)


def messages_of(excinfo) -> dict[str, list[str]]:
    """The German messages of a ValidationError, by field."""
    return {field: [str(m) for m in errors] for field, errors in excinfo.value.message_dict.items()}


def with_totp(user):
    """Give a person an activated TOTP authenticator, as after setting up MFA."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def needs_pango() -> None:
    """Skip a PDF test where WeasyPrint's Pango libraries are missing, except in CI."""
    import ctypes.util
    import os

    if ctypes.util.find_library("pangoft2-1.0") is None and not os.environ.get("CI"):
        pytest.skip("PDFs need Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0")
