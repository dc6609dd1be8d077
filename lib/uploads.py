"""Checks for uploaded files; imports no app of the project.

Files are checked by their content, not their name, and stored under a random
name, so nothing a person typed reaches the file system.
"""

import io
import re
import unicodedata
import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Decoding needs about 4 bytes per pixel, and every stored image is decoded once to strip
# its metadata. 50 megapixels (200 MB) hold any camera's photo; Pillow's own bomb check
# warns only above 89 and refuses above 179 megapixels, so this limit comes first.
MAX_IMAGE_PIXELS = 50_000_000


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


def too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "Das Bild hat zu viele Pixel: erlaubt sind höchstens %(megapixels)s Megapixel, "
            "zum Beispiel %(width)s × %(height)s Pixel. Bitte verkleinern Sie das Bild und "
            "laden Sie es dann hoch."
        )
        % {
            "megapixels": number_format(MAX_IMAGE_PIXELS // 1_000_000),
            "width": number_format(8000, force_grouping=True),
            "height": number_format(6000, force_grouping=True),
        },
        code="too_many_pixels",
    )


def check_image(upload) -> str:
    """The file extension for an upload that really is a JPEG, PNG or WebP image of at
    most MAX_IMAGE_PIXELS pixels."""
    check_size(upload)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise too_many_pixels()
            image.verify()
            kind = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # A few KB can declare gigapixels (a decompression bomb); Pillow refuses those on
        # opening, and its warning is an error where warnings are (as in the tests).
        raise too_many_pixels() from None
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


# A funder's logo goes into every PDF of a network: PNG and JPEG only, and small.
LOGO_FORMATS = ("png", "jpg")
LOGO_MAX_BYTES = 2 * 1024 * 1024


def check_logo(upload) -> str:
    """The file extension ("png" or "jpg") of an upload that is a PNG or JPEG image of
    at most LOGO_MAX_BYTES. SVG is refused by name: it can carry scripts and load
    files from elsewhere, which a page or PDF showing it would run or fetch."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Das Logo ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(LOGO_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024).lstrip().lower()
    upload.seek(0)
    named_svg = PurePath(upload.name or "").suffix.lower() in (".svg", ".svgz")
    if named_svg or head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise ValidationError(
            _(
                "SVG-Dateien gehen als Logo nicht: Sie können Skripte und Verweise auf "
                "andere Adressen enthalten. Bitte laden Sie das Logo als PNG oder JPEG hoch."
            ),
            code="svg",
        )
    try:
        extension = check_image(upload)
    except ValidationError as error:
        if error.code == "too_many_pixels":
            raise
        extension = None
    if extension not in LOGO_FORMATS:
        raise ValidationError(
            _(
                "Die Datei ist kein PNG- oder JPEG-Bild. Bitte laden Sie das Logo als PNG "
                "oder JPEG hoch."
            ),
            code="logo_format",
        )
    return extension


def image_without_metadata(upload, extension: str) -> ContentFile:
    """A checked image re-encoded from its pixels alone, so that no EXIF (GPS position,
    camera, date), XMP, comment or colour profile is stored or served. A rotation noted
    in EXIF is applied to the pixels first, and colours are converted to sRGB."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        transparency = image.info.get("transparency")
        icc_profile = image.info.get("icc_profile")
    image.info = {}
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    elif image.mode == "CMYK":
        image = image.convert("RGB")
    if transparency is not None and image.mode in ("P", "L", "RGB"):
        image.info["transparency"] = transparency
    buffer = io.BytesIO()
    if extension == "jpg":
        image.save(buffer, "JPEG", quality=90)
    elif extension == "webp":
        image.save(buffer, "WEBP", quality=90)
    else:
        image.save(buffer, "PNG")
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=f"upload.{extension}")


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """The image in sRGB, so that its embedded profile can be left out; a profile that
    cannot be read is left out as it is."""
    mode = {"RGB": "RGB", "RGBA": "RGBA", "CMYK": "RGB"}.get(image.mode)
    if mode is None:
        return image.convert("RGB") if image.mode == "CMYK" else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert("RGB") if image.mode == "CMYK" else image
    converted.info = {}
    return converted


def random_name(folder: str, extension: str) -> str:
    return str(PurePath(folder) / f"{uuid.uuid4().hex}.{extension}")


DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF_TYPES = {DOCUMENT_TYPES[kind]: kind for kind in ("odt", "ods", "odp")}
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _office_kind(upload) -> str | None:
    """docx/xlsx/pptx or odt/ods/odp, judged by the parts inside the ZIP container."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def check_document(upload) -> str:
    """The file kind (a key of DOCUMENT_TYPES) of an upload that really is a PDF, an
    image or an office document, judged by its content; raises ValidationError else."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)
    elif head == OLE2_MAGIC:
        # Old binary Office files share one container; the name says which it is.
        suffix = PurePath(upload.name or "").suffix.lower().lstrip(".")
        kind = suffix if suffix in ("doc", "xls", "ppt") else None
    else:
        try:
            kind = check_image(upload)
        except ValidationError as error:
            if error.code in ("too_large", "too_many_pixels"):
                raise
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _(
                "Diese Datei kann nicht hochgeladen werden. Erlaubt sind PDF, Bilder (JPEG, "
                "PNG, WebP) und Office-Dokumente (Word, Excel, PowerPoint, OpenDocument)."
            ),
            code="document_type",
        )
    return kind


def stored_document(upload, kind: str):
    """What to store of a checked document: images without their metadata (see
    image_without_metadata), anything else as uploaded."""
    if DOCUMENT_TYPES[kind].startswith("image/"):
        return image_without_metadata(upload, kind)
    return upload


def clean_file_name(name: str, kind: str) -> str:
    """A file name safe to show and to offer for download: no folders, no control
    or special characters, at most 100 characters, ending in the checked kind."""
    stem = PurePath((name or "").replace("\\", "/")).stem
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w\- .()]", "_", stem, flags=re.UNICODE).strip(" ._")[:90]
    return f"{stem or 'dokument'}.{kind}"


def document_response(file, *, name: str, content_type: str) -> FileResponse:
    """A stored upload for download after the caller's read check: images and PDFs
    open in the browser, everything else downloads; a sandbox keeps any script in
    the file from running. Like every download it is never stored by a cache: the
    browser must not keep a copy that outlives the person's right to read it."""
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    response = FileResponse(
        file.open("rb"), as_attachment=not inline, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def file_slug(text: str) -> str:
    """Words for a download's file name, in ASCII: German letters written as Germans
    write them without umlauts (Wärmeplanung → waermeplanung, not warmeplanung)."""
    return slugify(text.translate(GERMAN_LETTERS))


def download_response(
    content: bytes, *, file_name: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A file the portal made (export, PDF, calendar) for the person who asked: shown
    in the browser if `inline`, else saved; never kept by shared caches."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response
