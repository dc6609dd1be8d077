"""pytest plugin for `make mutation` (mutmut, [tool.mutmut] in pyproject.toml): each
mutant is a pytest run of its own, and migrating a fresh SQLite test database takes
about six seconds, longer than most mutants' tests. So the migrations run once into a
template, and each run starts from a copy of it (`--reuse-db` keeps Django from
deleting the copy; Django still applies any migration the template lacks). The
template's name holds a hash of the migrations, so an edited migration makes a new
one. On another database than SQLite this does nothing."""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

FOLDER = Path(".mutation-db")


def migrations_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def pytest_configure(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    root = Path.cwd()
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    template = folder / f"migrated-{migrations_hash(root)}.sqlite3"
    with open(folder / "lock", "w") as lock:
        # mutmut runs mutants in parallel; the first one migrates, the others wait.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            environment = {k: v for k, v in os.environ.items() if k != "MUTANT_UNDER_TEST"}
            environment["DATABASE_URL"] = f"sqlite:///{template}.part"
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
                cwd=root, env=environment, check=True,
            )  # fmt: skip
            os.replace(f"{template}.part", template)
    copy = folder / f"run-{os.getpid()}.sqlite3"
    shutil.copyfile(template, copy)
    # In place: Django's connections hold this same dict.
    database.setdefault("TEST", {})["NAME"] = str(copy)
    config.option.reuse_db = True
    config.add_cleanup(lambda: copy.unlink(missing_ok=True))
