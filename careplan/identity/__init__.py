"""Who someone is: OIDC identities, invitations, passkeys, sessions, tokens, permissions."""
