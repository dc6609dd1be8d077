"""`{% error_summary %}`: at the top of a page, what is wrong with the forms on it,
each error linked to its field, and focused when the page opens (the `autofocus` of
a focusable element: no JavaScript), so an error near the bottom of a long page (an
upload refused on a measure's page) is not missed."""

from django import forms, template

register = template.Library()


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    errors = []
    seen = set()
    for value in context.flatten().values():
        if not isinstance(value, forms.BaseForm) or not value.is_bound or id(value) in seen:
            continue
        seen.add(id(value))
        if not value.errors:
            continue
        for message in value.non_field_errors():
            errors.append({"message": message, "anchor": None, "label": None})
        for name, messages in value.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS or name not in value.fields:
                continue
            field = value[name]
            for message in messages:
                errors.append(
                    {"message": message, "anchor": field.id_for_label, "label": field.label}
                )
    return {"errors": errors}
