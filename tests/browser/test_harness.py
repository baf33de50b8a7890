"""The harness itself: it must notice what the shell tests say did not happen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_off_host_requests_are_recorded_and_blocked(page, open_app, requests_log):
    open_app("/")
    outcome = page.evaluate(
        "() => fetch('http://off-host.invalid/probe.js').then(() => 'fetched', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert requests_log.off_host() == ["http://off-host.invalid/probe.js"]


def test_axe_helper_fails_on_a_critical_violation(page, open_app, axe):
    open_app("/")
    page.evaluate(
        "() => { const img = document.createElement('img');"
        " img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';"
        " document.getElementById('main-content').appendChild(img); }"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        axe(page)
