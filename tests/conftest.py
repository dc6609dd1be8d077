import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing is slow on purpose; tests need correctness, not resistance to brute force.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
