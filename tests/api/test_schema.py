"""The OpenAPI schema is generated without warnings and is valid OpenAPI 3; the
reference page loads its assets from the portal itself."""

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_and_generated_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    validate(schema)
    assert {"/api/v1/measures/", "/api/v1/measures/{id}/", "/api/v1/networks/{slug}/",
            "/api/v1/receipts/", "/api/v1/proofs/"} <= set(schema["paths"])  # fmt: skip
    parameters = {p["name"] for p in schema["paths"]["/api/v1/measures/"]["get"]["parameters"]}
    assert {"network", "municipality", "status", "focus_area", "year", "changed_since",
            "cursor", "page_size"} <= parameters  # fmt: skip
    assert set(schema["components"]["securitySchemes"]) == {"token", "session"}


def test_the_schema_and_the_reference_page_are_served(client):
    assert client.get(reverse("api_schema")).status_code == 200
    page = client.get(reverse("api_docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "<script>" not in html  # the CSP allows neither
    script = client.get(reverse("api_docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
