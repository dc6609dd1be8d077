"""Two requests for a new token at once (a script, two tabs) cannot both pass the
count of active tokens: create_token locks the person's row while it counts.

Needs PostgreSQL: SQLite runs one writer at a time, so the race cannot happen there
(the limit itself is tested in test_tokens.py)."""

import contextlib
import datetime
import threading

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from tests.helpers import concurrently, needs_postgresql


@pytest.mark.django_db(transaction=True)
@override_settings(API_TOKENS_PER_PERSON=1)
def test_two_requests_at_once_make_no_more_tokens_than_allowed(personas, monkeypatch):
    needs_postgresql()
    user = personas.climate_manager_a
    # Both requests meet just before saving their token, if both get that far: without
    # the lock each has counted none and saves its own.
    both_there = threading.Barrier(2)
    full_clean = ApiToken.full_clean

    def slow_full_clean(self, *args, **kwargs):
        # A broken barrier: the other request waits for the lock, as it should.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_there.wait(timeout=2)
        return full_clean(self, *args, **kwargs)

    monkeypatch.setattr(ApiToken, "full_clean", slow_full_clean)
    clients = [Client() for _ in range(2)]
    for client in clients:
        client.force_login(user)
    expires_on = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    responses = concurrently(
        *(
            lambda c=c, n=n: c.post(reverse("api_tokens"), {"name": n, "expires_on": expires_on})
            for n, c in enumerate(clients)
        )
    )
    assert sorted(response.status_code for response in responses) == [200, 422]
    assert ApiToken.objects.filter(user=user).count() == 1
