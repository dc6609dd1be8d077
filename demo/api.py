"""The demo's API token: the coordination's, with a fixed secret written in the README
and the API guide (docs/api/index.md) and printed by `make run`, so the guide's curl
examples work at once. Only ever
in the demo, which refuses to load in production (seed_demo, DEMO_DATA_ALLOWED)."""

import datetime

from api.models import ApiToken, hash_key
from api.services import create_token
from networks.models import User

DEMO_API_TOKEN = "kn_demo-koordination-nur-fuer-die-demo"  # noqa: S105  (documented demo key)
API_DEMO_PERSON = "koordination@example.org"


def load_api_token(*, today: datetime.date) -> str:
    """The demo token, made once and valid for a year from each seeding."""
    expires_on = today + datetime.timedelta(days=365)
    token = ApiToken.objects.filter(key_hash=hash_key(DEMO_API_TOKEN)).first()
    if token is None:
        create_token(
            user=User.objects.get(email=API_DEMO_PERSON),
            name="Demo",
            expires_on=expires_on,
            key=DEMO_API_TOKEN,
        )
    elif token.revoked_at is None and token.expires_on < expires_on:
        token.expires_on = expires_on
        token.save(update_fields=["expires_on"])
    return DEMO_API_TOKEN
