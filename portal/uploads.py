"""Checks for uploaded files; imports no app of the project.

Files are checked by their content, not their name, and stored under a random
name, so nothing a person typed reaches the file system.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def check_size(upload) -> None:
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="too_large",
        )


def check_image(upload) -> str:
    """The file extension for an upload that really is a JPEG, PNG or WebP image."""
    check_size(upload)
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(
            _("Die Datei ist kein lesbares Bild. Erlaubt sind JPEG, PNG und WebP."),
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(
            _("Bilder im Format %(format)s gehen nicht. Erlaubt sind JPEG, PNG und WebP.")
            % {"format": kind},
            code="image_format",
        )
    return IMAGE_FORMATS[kind]


def random_name(folder: str, extension: str) -> str:
    return str(PurePath(folder) / f"{uuid.uuid4().hex}.{extension}")
