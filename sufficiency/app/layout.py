"""The page shell: GOV.UK Frontend markup as pure functions returning Dash components.

Nothing here reads data or state: every function returns the same components for the same
arguments, so the shell can be tested without a server and reused by every page.

This service is not on GOV.UK, so, as the GOV.UK Design System asks of such services, the
shell uses the service navigation for its header and carries no crown, crest or GDS
Transport typeface.
"""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from sufficiency.config import FIRST_YEAR, LAST_YEAR
from . import ids
from sufficiency.texts import ATTRIBUTION, OGL_NAME, OGL_URL, SERVICE_NAME  # noqa: F401  (re-exported)

MAIN_ID, LOCATION_ID, UPLOAD_STORE_ID = ids.MAIN, ids.LOCATION, ids.UPLOAD_STORE

#: The HTML page Dash fills in. No scripts or stylesheets other than Dash's own
#: (served from the app) and the files in assets/.
INDEX_STRING = """<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
{%metas%}
<title>{%title%}</title>
{%favicon%}
{%css%}
</head>
<body class="govuk-template__body">
{%app_entry%}
{%config%}
{%scripts%}
{%renderer%}
</body>
</html>"""


def skip_link(target: str = MAIN_ID) -> html.A:
    return html.A(
        "Skip to main content",
        href=f"#{target}",
        className="govuk-skip-link",
        **{"data-module": "govuk-skip-link"},
    )


def header(
    service_name: str = SERVICE_NAME,
    service_url: str = "/",
    banner: html.Div | None = None,
    navigation_slot: object | None = None,
) -> html.Header:
    """The service header: the service name in GOV.UK's service navigation (followed by
    ``navigation_slot``, where the app puts its view links), then the phase banner (inside
    the header landmark, so that all content is in a landmark)."""
    name = html.Span(
        html.A(
            service_name,
            href=service_url,
            className="govuk-service-navigation__link",
        ),
        className="govuk-service-navigation__service-name",
    )
    navigation = html.Section(
        html.Div(
            html.Div(
                [name] if navigation_slot is None else [name, navigation_slot],
                className="govuk-service-navigation__container",
            ),
            className="govuk-width-container",
        ),
        className="govuk-service-navigation govuk-service-navigation--inverse",
        **{"aria-label": "Service information"},
    )
    children = [navigation]
    if banner is not None:
        children.append(html.Div(banner, className="govuk-width-container"))
    return html.Header(children, className="govuk-template__header")


def phase_banner(
    phase: str = "Alpha",
    text: str = "This dashboard is being built: what it shows and how it works may change.",
) -> html.Div:
    return html.Div(
        html.P(
            [
                html.Strong(phase, className="govuk-tag govuk-phase-banner__content__tag"),
                html.Span(text, className="govuk-phase-banner__text"),
            ],
            className="govuk-phase-banner__content",
        ),
        className="govuk-phase-banner",
    )


def footer() -> html.Footer:
    """The footer with the Open Government Licence attribution the sources require."""
    before, after = ATTRIBUTION.split(OGL_NAME, 1)
    attribution = html.P(
        [
            before,
            html.A(OGL_NAME, href=OGL_URL, rel="license", className="govuk-footer__link"),
            after,
        ],
        className="govuk-footer__licence-description",
        id="licence-attribution",
    )
    meta = html.Div(
        html.Div(attribution, className="govuk-footer__meta-item govuk-footer__meta-item--grow"),
        className="govuk-footer__meta",
    )
    return html.Footer(
        html.Div(html.Div(meta, className="govuk-width-container"), className="govuk-footer"),
        className="govuk-template__footer",
    )


def in_development_body(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> list:
    """The page body while the dashboard is being built: says so, and what is coming."""
    return [
        html.H1(SERVICE_NAME, className="govuk-heading-xl"),
        html.P(
            "This dashboard will compare the places in children's homes with the number "
            "of children looked after, for each local authority in England, at 31 March "
            f"of each year from {first_year} to {last_year}.",
            className="govuk-body-l",
        ),
        html.P(
            "It is being built and shows no figures yet.",
            className="govuk-body",
            id="build-status",
        ),
    ]


def dashboard_body(
    *, filters_id: str = "filters", content_id: str = "content", event_id: str = "filter-event",
    download_id: str = "download",
) -> list:
    """The dashboard: the filter panel beside the content of the chosen view. Both are
    filled in from the URL by the app's central callback; until then they say so. On narrow
    screens the filter panel folds under a "Filters" button, so the view comes first."""
    waiting = html.P("Loading the dashboard…", className="govuk-body")
    return [
        dcc.Store(id=event_id),
        dcc.Store(id=UPLOAD_STORE_ID, storage_type="memory"),
        dcc.Download(id=download_id),
        html.Div(
            [
                html.Div(
                    [
                        html.Button(
                            "Filters", type="button", id=f"{filters_id}-toggle",
                            className="govuk-button govuk-button--secondary app-toggle app-filters-toggle",
                            **{"aria-controls": filters_id, "aria-expanded": "false", "data-app-toggle": "true",
                               "data-module": "govuk-button"},
                        ),
                        html.Div(waiting, id=filters_id, className="app-collapsible"),
                    ],
                    className="govuk-grid-column-one-quarter-from-desktop app-filters-column",
                ),
                html.Div(
                    dcc.Loading(
                        html.Div(waiting, id=content_id, className="app-content"),
                        id=f"{content_id}-loading",
                        type="default",
                        delay_show=250,
                        overlay_style={"visibility": "visible", "opacity": 0.5},
                    ),
                    className="govuk-grid-column-three-quarters-from-desktop",
                ),
            ],
            className="govuk-grid-row",
        ),
    ]


def view_announcer() -> html.Div:
    """The live region where ``assets/view_change.js`` says which view has opened."""
    return html.Div(id=ids.VIEW_ANNOUNCER, role="status", className="govuk-visually-hidden",
                    **{"aria-live": "polite", "aria-atomic": "true"})


def page(
    body: Sequence | object, *, location_id: str = LOCATION_ID, navigation_slot: object | None = None
) -> html.Div:
    """The whole page: URL state, skip link, header, phase banner, main content, footer."""
    return html.Div(
        [
            dcc.Location(id=location_id, refresh=False),
            skip_link(),
            header(banner=phase_banner(), navigation_slot=navigation_slot),
            html.Div(
                html.Main([view_announcer(), *(body if isinstance(body, (list, tuple)) else [body])],
                          id=MAIN_ID, className="govuk-main-wrapper"),
                className="govuk-width-container",
            ),
            footer(),
        ],
        className="app-page",
    )
