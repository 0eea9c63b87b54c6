"""Identity's use cases, one module per job; the pages and the API import these only.

- `sessions`: server-side sessions (start, resolve, end, sign out, one's own devices);
- `tokens`: short-lived bearer tokens for the API;
- `oidc`: professionals' sign-in at an OpenID provider (careplan.identity.providers);
- `invitations`: a parent's invitation link and code, and the pending session they open;
- `codes`: one-time codes, for a phone that cannot hold a passkey;
- `passkeys`: registering and signing in with a passkey, a family's devices.

Their reads of people and members are careplan.identity.queries; a member's portal account
is made through families' service (careplan.families.service.member_account).
"""
