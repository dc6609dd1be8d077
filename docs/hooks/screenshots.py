"""MkDocs hook: the role guides' screenshots come from the browser tests' run.

tests/browser/test_docs_screenshots.py writes them into docs/screenshots/ (ignored by
git, `make docs-screenshots`). Before that run a guide shows a short note where a
picture is missing; with DOCS_SCREENSHOTS=required (CI, after the tests) a missing
picture fails the build.
"""

import os
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# ![Alternative text](../screenshots/name.png){ attributes }
IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*screenshots/[^)\s]+\.png)\)(?:\{[^}]*\})?"
)
NOTE = "*(Bild entsteht beim Testlauf: {alt})*"


def on_page_markdown(markdown, page, config, files, **kwargs):
    required = os.environ.get("DOCS_SCREENSHOTS", "") == "required"
    docs = Path(config["docs_dir"])
    folder = posixpath.dirname(page.file.src_uri)
    missing = []

    def replace(match):
        path = docs / posixpath.normpath(posixpath.join(folder, match["src"]))
        if path.is_file():
            return match[0]
        missing.append(path.relative_to(docs).as_posix())
        return NOTE.format(alt=match["alt"])

    markdown = IMAGE.sub(replace, markdown)
    if missing and required:
        raise PluginError(
            f"{page.file.src_uri}: screenshots missing (DOCS_SCREENSHOTS=required): "
            + ", ".join(missing)
            + ". `make docs-screenshots` takes them."
        )
    return markdown
