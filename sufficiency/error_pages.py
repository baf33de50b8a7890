"""What a user sees when a request fails: a plain GOV.UK-styled page, or a short JSON body
for the app's own requests (``/_dash-...``), never a stack trace."""

from __future__ import annotations

import html

from flask import Response, jsonify, request

DASH_PREFIXES = ("/_dash-", "/_reload-hash")

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Children's homes placement sufficiency</title>
<link rel="stylesheet" href="/assets/govuk/govuk-frontend.min.css"></head>
<body class="govuk-template__body">
<header class="govuk-header"><div class="govuk-header__container govuk-width-container">
<a href="/" class="govuk-header__link govuk-header__service-name">Children's homes placement sufficiency</a>
</div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">{title}</h1>
{body}
<p class="govuk-body"><a class="govuk-link" href="/">Go to the start of the dashboard</a></p>
</main></div></body></html>"""


def error_page(status: int, reference: str | None = None) -> str:
    if status == 404:
        title, body = "Page not found", "<p class=\"govuk-body\">If you typed the web address, check it is correct.</p>"
    elif status == 413:
        title, body = "Sorry, that request was too large", (
            "<p class=\"govuk-body\">Go back and try again, or start from the dashboard's first page.</p>"
        )
    elif status < 500:
        title, body = "Sorry, the dashboard could not handle that request", (
            "<p class=\"govuk-body\">Go back and try again, or start from the dashboard's first page.</p>"
        )
    else:
        title, body = "Sorry, there is a problem with the service", (
            "<p class=\"govuk-body\">Try again later. Your filters are kept in the page address.</p>"
        )
    if reference:
        body += f'<p class="govuk-body">If you report this problem, quote reference <strong>{html.escape(reference)}</strong>.</p>'
    return ERROR_PAGE.format(title=html.escape(title), body=body)


def error_response(status: int, reference: str | None = None, reason: str | None = None) -> Response:
    """The answer to a failed request: JSON for the app's own requests, a page otherwise.
    ``reason`` (for a client error) says what was wrong with the request."""
    if request.path.startswith(DASH_PREFIXES):
        body = {"error": "The dashboard could not update this part of the page.", "status": status}
        if reason:
            body["reason"] = reason
        if reference:
            body["reference"] = reference
        response = jsonify(body)
        response.status_code = status
        return response
    return Response(error_page(status, reference), status=status, mimetype="text/html")
