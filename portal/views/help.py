"""The help: the documentation site (docs/, built by MkDocs into DOCS_ROOT) served by
the portal itself under /hilfe/, public like the home page.

The portal's Content Security Policy allows no inline script; each help page gets the
policy widened by exactly the hashes of its own inline scripts, which the build wrote
into a manifest (docs/hooks/csp.py)."""

import json
from pathlib import Path

from csp.constants import SELF
from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

MANIFEST = "csp-hashes.json"


def help_page(request, path: str = ""):
    root = Path(settings.DOCS_ROOT).resolve()
    if not (root / "index.html").is_file():
        return render(request, "portal/help_missing.html", status=404)
    if "\x00" in path:
        raise Http404
    target = (root / path).resolve()
    # `..`, an absolute path or a link pointing elsewhere ends outside the site.
    if not target.is_relative_to(root) or target.name == MANIFEST:
        raise Http404
    if target.is_dir():
        if path and not path.endswith("/"):
            # The site's links are relative to the directory: /hilfe/rollen/ not /hilfe/rollen.
            query = request.META.get("QUERY_STRING", "")
            return redirect(request.path + "/" + (f"?{query}" if query else ""))
        target = target / "index.html"
    if not target.is_file():
        raise Http404
    response = FileResponse(target.open("rb"))
    if target.suffix == ".html":
        response["Content-Type"] = "text/html; charset=utf-8"
        hashes = script_hashes(root).get(target.relative_to(root).as_posix(), [])
        response._csp_update = {"script-src": [SELF, *hashes]}
    return response


_manifests: dict[Path, tuple[float, dict[str, list[str]]]] = {}


def script_hashes(root: Path) -> dict[str, list[str]]:
    """The manifest of the built site, read again when a new build rewrote it."""
    manifest = root / MANIFEST
    try:
        changed = manifest.stat().st_mtime
    except FileNotFoundError:
        return {}
    cached = _manifests.get(root)
    if cached is None or cached[0] != changed:
        cached = (changed, json.loads(manifest.read_text(encoding="utf-8")))
        _manifests[root] = cached
    return cached[1]
