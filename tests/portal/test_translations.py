import gettext
import importlib.util
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def english_table() -> dict:
    spec = importlib.util.spec_from_file_location("fill_en", LOCALE / "fill_en.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EN


def test_compiled_english_catalogue_matches_the_translation_table():
    # A table entry whose German text left the code fails here too: drop it from the table.
    with (LOCALE / "en" / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    for german, english in english_table().items():
        if isinstance(english, tuple):
            singular, plural = english
            assert catalogue.ngettext(german, "-", 1) == singular, german
            assert catalogue.ngettext(german, "-", 2) == plural, german
        else:
            assert catalogue.gettext(german) == english, german


def test_every_message_of_the_catalogue_is_translated():
    po = (LOCALE / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    body = po.split("\n\n", 1)[1]
    assert 'msgstr ""\n\n' not in body + "\n"
    assert "fuzzy" not in body
