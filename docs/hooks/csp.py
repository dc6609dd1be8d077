"""MkDocs hook: the hashes of each page's inline scripts, for the portal's strict CSP.

Material writes small inline <script> blocks into every page (the site's base, the
tabbed content's state). The portal serves the built site under /hilfe/ with a policy
without 'unsafe-inline' (portal/views/help.py): it allows exactly these scripts by
their sha256, read from the manifest this hook writes next to the pages.
"""

import base64
import hashlib
import json
import re
from pathlib import Path

MANIFEST = "csp-hashes.json"
# An inline script: no src attribute. Data blocks (type="application/json", Material's
# configuration) are not run, so the policy does not concern them.
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?![^>]*\bsrc=)[^>]*)>(?P<body>.*?)</script>", re.S)
DATA_BLOCK = re.compile(r"""\btype=["']?application/(?:ld\+)?json""")


def script_hashes(html: str) -> list[str]:
    """The CSP sources ('sha256-…') of the inline scripts a browser runs in this page."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        if DATA_BLOCK.search(match["attrs"]):
            continue
        digest = hashlib.sha256(match["body"].encode()).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def on_post_build(config, **kwargs):
    """Read the pages as written (so the hashes are those of the served bytes)."""
    site = Path(config["site_dir"])
    manifest = {
        page.relative_to(site).as_posix(): script_hashes(page.read_text(encoding="utf-8"))
        for page in sorted(site.rglob("*.html"))
    }
    (site / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
