"""Django for a benchmark: the portal's settings on a scratch database and media folder.

DATABASE_URL, if set, is used as it is (and filled: point it at a scratch database);
otherwise an SQLite file in a new temporary folder, which also takes the media files.
"""

import os
import sys
import tempfile
from pathlib import Path


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    folder = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
