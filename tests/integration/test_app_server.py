"""The app factory and the command line, through Flask's test client (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import app as app_module
from sufficiency.app import create_app, data_dir_of
from sufficiency.config import APP_DATA_ENV, EMBEDDED_DATA, PROJECT_ROOT


@pytest.fixture(scope="module")
def client():
    return create_app(EMBEDDED_DATA).server.test_client()


def test_index_is_served_with_the_service_title(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Children's homes placement sufficiency</title>" in html
    assert 'class="govuk-template"' in html


def test_every_script_and_stylesheet_is_served_by_the_app(client):
    html = client.get("/").get_data(as_text=True)
    urls = re.findall(r'<(?:script|link)[^>]*?(?:src|href)="([^"]+)"', html)
    assert urls, "the index page loads no scripts or stylesheets"
    for url in urls:
        assert url.startswith("/"), f"{url} is not served by the app"
        assert client.get(url).status_code == 200, url
    assert any("govuk-frontend.min.css" in u for u in urls)


def test_plotly_js_is_served_locally(client):
    """The page loads plotly.js's basic partial bundle from the app's assets, not the full one."""
    index = client.get("/").get_data(as_text=True)
    assert "/assets/plotly/plotly-basic.min.js" in index
    assert "package_data/plotly.min.js" not in index
    response = client.get("/assets/plotly/plotly-basic.min.js")
    assert response.status_code == 200
    body = response.get_data()
    assert len(body) > 500_000 and b"plotly.js (basic - minified) v" in body[:200]


def test_layout_has_the_shell(client):
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert '"id":"main-content"' in layout
    assert "Open Government Licence v3.0" in layout


def test_the_stylesheet_has_no_fonts_or_remote_urls():
    css = (PROJECT_ROOT / "assets" / "govuk" / "govuk-frontend.min.css").read_text(encoding="utf-8")
    assert "@font-face" not in css
    assert "GDS Transport" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert (PROJECT_ROOT / "assets" / "govuk" / "LICENCE.txt").exists()


def test_data_folder_defaults_to_app_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(APP_DATA_ENV, raising=False)
    assert data_dir_of(create_app()) == EMBEDDED_DATA
    monkeypatch.setenv(APP_DATA_ENV, str(tmp_path))
    assert data_dir_of(create_app()) == tmp_path
    assert data_dir_of(create_app(tmp_path / "x")) == tmp_path / "x"


def test_command_line_defaults_and_options(tmp_path):
    args = app_module.parse_args([])
    assert (args.host, args.port, args.data, args.debug) == ("127.0.0.1", 8050, None, False)
    args = app_module.parse_args(["--port", "9000", "--host", "0.0.0.0", "--data", str(tmp_path)])
    assert (args.host, args.port, args.data) == ("0.0.0.0", 9000, Path(tmp_path))


@pytest.mark.parametrize("argv", [["--data", "no-such-folder-here"], ["--port", "0"], ["--port", "x"]])
def test_command_line_rejects_bad_options(argv):
    with pytest.raises(SystemExit) as stop:
        app_module.parse_args(argv)
    assert stop.value.code == 2
