from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Regexes are shared by the form validators and the database constraints.
AGS_REGEX = r"^[0-9]{8}$"
# Förderkennzeichen of the National Climate Initiative, e.g. 67K18876 or 03K12345; in a
# joint project each partner's code carries a letter of its own: 03KF0069A, 03KF0069B.
FUNDING_CODE_REGEX = r"^[0-9]{2}[A-Z]{1,3}[0-9]{4,6}[A-Z]?$"

validate_ags = RegexValidator(
    AGS_REGEX,
    _("Der Amtliche Gemeindeschlüssel (AGS) besteht aus genau 8 Ziffern, z. B. 05774032."),
    code="invalid_ags",
)
validate_funding_code = RegexValidator(
    FUNDING_CODE_REGEX,
    _(
        "Das Förderkennzeichen hat die Form zwei Ziffern, ein bis drei Großbuchstaben "
        "und vier bis sechs Ziffern, in Verbundvorhaben gefolgt von einem Großbuchstaben "
        "je Partner, z. B. 67K18876 oder 03KF0069A."
    ),
    code="invalid_funding_code",
)
