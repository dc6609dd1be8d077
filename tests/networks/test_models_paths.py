"""Where uploads are stored (issue 29): a network's photos and a municipality's written
answers get a random name; only the file's extension is kept, in lower case, and a file
without one is stored as .bin."""

import re

import pytest

from networks.models import letter_path, photo_path


@pytest.mark.parametrize(
    ("upload_to", "folder"), [(photo_path, "netzwerke/fotos"), (letter_path, "gewinnung")]
)
@pytest.mark.parametrize(
    ("filename", "extension"),
    [
        ("Absichtserklärung.PDF", "pdf"),
        ("foto.2024.Jpg", "jpg"),
        ("../../etc/passwd", "bin"),
        ("Zusage", "bin"),
    ],
)
def test_an_upload_keeps_only_its_extension_in_lower_case(upload_to, folder, filename, extension):
    stored = upload_to(None, filename)
    assert re.fullmatch(rf"{folder}/[0-9a-f]{{32}}\.{extension}", stored), stored


@pytest.mark.parametrize("upload_to", [photo_path, letter_path])
def test_two_uploads_of_one_name_are_stored_under_different_names(upload_to):
    assert upload_to(None, "brief.pdf") != upload_to(None, "brief.pdf")
