"""Outside tests/demo/test_seed_demo.py, whose tests share the demo data loaded
once: here the database must be empty."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from networks.models import User

pytestmark = pytest.mark.django_db


def test_demo_data_is_refused_in_production(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="never loaded when PORTAL_ENV=production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
