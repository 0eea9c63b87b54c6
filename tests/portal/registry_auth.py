"""Registry entries for the start page and the sign-in pages at /auth (see test_page_access)."""

from __future__ import annotations

from tests.portal.registry import PUBLIC, Page

SIGNED_IN = {**PUBLIC, "anonymous": 303}

ELSEWHERE = "tests/identity (they need a live OpenID provider, an invitation or a passkey)"

PAGES: dict[tuple[str, str], Page] = {
    ("GET", "/"): Page("GET", "/", PUBLIC),
    ("GET", "/auth/sign-in"): Page("GET", "/auth/sign-in", PUBLIC),
    # Off unless CAREPLAN_DEMO=1 on loopback (tests/identity/test_sessions.py tries it on).
    ("GET", "/auth/demo"): Page("GET", "/auth/demo", {c: 404 for c in PUBLIC}),
    ("POST", "/auth/demo"): Page(
        "POST", "/auth/demo", {}, tested_in="tests/identity/test_sessions.py"
    ),
    ("POST", "/auth/sign-out"): Page(
        "POST", "/auth/sign-out", {}, tested_in="tests/identity/test_sessions.py"
    ),
    ("GET", "/auth/code"): Page("GET", "/auth/code", PUBLIC),
    # Anyone signed in sees and ends only their own sessions; someone else's is not found.
    ("GET", "/auth/sessions"): Page("GET", "/auth/sessions", SIGNED_IN),
    ("POST", "/auth/sessions/{session_id:uuid}/end"): Page(
        "POST",
        "/auth/sessions/0f8fad5b-d9cb-469f-a165-70867728950e/end",
        {**{caller: 404 for caller in SIGNED_IN}, "anonymous": 303},
        form={},
    ),
    ("POST", "/auth/code"): Page(
        "POST", "/auth/code", {}, tested_in="tests/identity/test_invitations.py"
    ),
    ("GET", "/auth/invite"): Page("GET", "/auth/invite", {}, tested_in=ELSEWHERE),
    ("POST", "/auth/invite"): Page("POST", "/auth/invite", {}, tested_in=ELSEWHERE),
    ("GET", "/auth/invite/{token:str}"): Page("GET", "/auth/invite/x", {}, tested_in=ELSEWHERE),
    ("POST", "/auth/oidc/{provider:str}/start"): Page(
        "POST", "/auth/oidc/x/start", {}, tested_in=ELSEWHERE
    ),
    ("GET", "/auth/oidc/{provider:str}/callback"): Page(
        "GET", "/auth/oidc/x/callback", {}, tested_in=ELSEWHERE
    ),
    ("GET", "/auth/passkey/register"): Page(
        "GET", "/auth/passkey/register", {}, tested_in=ELSEWHERE
    ),
    ("POST", "/auth/passkey/register/options"): Page(
        "POST", "/auth/passkey/register/options", {}, tested_in=ELSEWHERE
    ),
    ("POST", "/auth/passkey/register"): Page(
        "POST", "/auth/passkey/register", {}, tested_in=ELSEWHERE
    ),
    ("GET", "/auth/passkey/sign-in"): Page("GET", "/auth/passkey/sign-in", PUBLIC),
    ("POST", "/auth/passkey/sign-in/options"): Page(
        "POST", "/auth/passkey/sign-in/options", {}, tested_in=ELSEWHERE
    ),
    ("POST", "/auth/passkey/sign-in"): Page(
        "POST", "/auth/passkey/sign-in", {}, tested_in=ELSEWHERE
    ),
}
