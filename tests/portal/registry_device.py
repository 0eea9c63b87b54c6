"""Registry entries for the family portal on the phone: offline, push (see test_page_access).

The push routes take JSON from the page's script; the matrix posts a form, which a member
gets refused as unreadable (422) and everyone else as for any family page. What they do
with real subscriptions is in tests/portal/family/test_phone.py and tests/notify.
"""

from __future__ import annotations

from tests.portal.registry import FAMILY_OWN, PUBLIC, Page

JSON_ONLY = {**FAMILY_OWN, "own_parent": 422, "other_parent": 422}
PHONE_TESTS = "tests/portal/family/test_phone.py"

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/family/phone"): Page("GET", "/family/phone", FAMILY_OWN),
    ("POST", "/family/push/subscribe"): Page("POST", "/family/push/subscribe", JSON_ONLY),
    ("POST", "/family/push/unsubscribe"): Page("POST", "/family/push/unsubscribe", JSON_ONLY),
    # Signing out is what it does: tried by each caller in test_phone.py.
    ("POST", "/family/phone/clear"): Page("POST", "/family/phone/clear", {}, tested_in=PHONE_TESTS),
    # The service worker and the manifest hold nothing personal: open to all.
    ("GET", "/family/sw.js"): Page("GET", "/family/sw.js", PUBLIC),
    ("GET", "/family/manifest.webmanifest"): Page("GET", "/family/manifest.webmanifest", PUBLIC),
}
