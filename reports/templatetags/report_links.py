"""The address of a report's PDF for the person the page is shown to."""

from django import template

from reports.downloads import download_link

register = template.Library()


@register.simple_tag(takes_context=True)
def report_pdf_url(context, report) -> str:
    """`{% report_pdf_url report %}`: the link that records the person's download
    when followed (reports.downloads.download_link)."""
    return download_link(report=report, user=context["request"].user)
