"""The English catalogue locale/en/LC_MESSAGES/django.po is the source of every
translation: complete, without fuzzy or obsolete entries, with the placeholders of
its German msgids, holding exactly the msgids of the code, and compiled into the
committed django.mo."""

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What `make messages` does not extract (its --ignore options), and the catalogue itself.
NOT_EXTRACTED = {".venv", "tests", "bench", "locale", "mutants"}
EXTRACTED_SUFFIXES = {".py", ".html", ".txt"}

PLACEHOLDERS = {
    "python-format": re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]"),
    "python-brace-format": re.compile(r"\{(?P<name>[^{}]*)\}"),
}


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def compiled(entries) -> dict:
    """What a .mo holds of each entry: its key and translations (the header aside)."""
    return {
        key(entry): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in entries
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
    }


def placeholders(text: str, flags: list[str]) -> Counter:
    """The format placeholders of a text, by name (unnamed ones by position)."""
    found: Counter = Counter()
    for flag, pattern in PLACEHOLDERS.items():
        if flag in flags:
            for position, match in enumerate(pattern.finditer(text)):
                found[(match["name"] or position, match[0])] += 1
    return found


def placeholder_mismatches(entries) -> list[str]:
    wrong = []
    for entry in entries:
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:  # German and English both have two forms: one, other
            plural = entry.msgstr_plural
            pairs = [(entry.msgid, plural.get(0, "")), (entry.msgid_plural, plural.get(1, ""))]
        for source, translation in pairs:
            if placeholders(source, entry.flags) != placeholders(translation, entry.flags):
                wrong.append(f"{source!r} -> {translation!r}")
    return wrong


def test_every_message_is_translated_and_none_is_fuzzy_or_obsolete(catalogue):
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == "en"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_translations_keep_the_placeholders_of_their_msgid(catalogue):
    assert placeholder_mismatches(catalogue) == []


def test_a_lost_or_renamed_placeholder_is_found():
    entries = [
        polib.POEntry(msgid="%(count)s Treffen", msgstr="%(counter)s meetings",
                      flags=["python-format"]),
        polib.POEntry(msgid="{n}. Netzwerktreffen", msgstr="Network meeting",
                      flags=["python-brace-format"]),
        polib.POEntry(msgid="%(days)s Tag", msgid_plural="%(days)s Tage",
                      msgstr_plural={0: "one day", 1: "%(days)s days"}, flags=["python-format"]),
        polib.POEntry(msgid="%(a)s und %(b)s", msgstr="%(b)s and %(a)s", flags=["python-format"]),
    ]  # fmt: skip
    assert placeholder_mismatches(entries) == [
        "'%(count)s Treffen' -> '%(counter)s meetings'",
        "'{n}. Netzwerktreffen' -> 'Network meeting'",
        "'%(days)s Tag' -> 'one day'",
    ]


def test_the_committed_mo_is_compiled_from_the_po(catalogue):
    # Compared by content: git keeps no modification times, and msgfmt's bytes may
    # differ between gettext versions.
    mo = polib.mofile(str(MO))
    assert compiled(mo) == compiled(catalogue)
    assert mo.metadata["Plural-Forms"] == catalogue.metadata["Plural-Forms"]
    assert mo.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_the_catalogue_holds_exactly_the_messages_of_the_code(
    catalogue, tmp_path, settings, monkeypatch
):
    """Runs makemessages on a copy of the sources, so the catalogue itself is untouched:
    a msgid in the code but not in the catalogue means `make messages` was not run."""
    if not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib")):
        message = "makemessages needs GNU gettext: apt-get install gettext"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def not_extracted(directory, names):
        return [
            name
            for name in names
            if name in NOT_EXTRACTED
            or name.startswith(".")
            or (Path(directory, name).is_file() and Path(name).suffix not in EXTRACTED_SUFFIXES)
        ]

    sources = tmp_path / "sources"
    shutil.copytree(ROOT, sources, ignore=not_extracted)
    (sources / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO, sources / "locale" / "en" / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(sources)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    extracted = polib.pofile(str(sources / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    in_code = {key(entry) for entry in extracted if not entry.obsolete}
    in_catalogue = {key(entry) for entry in catalogue if not entry.obsolete}
    assert sorted(in_code - in_catalogue, key=str) == [], "run `make messages`"
    assert sorted(in_catalogue - in_code, key=str) == [], "run `make messages`"
