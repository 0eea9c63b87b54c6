"""Identity's tables. Secrets are stored only as hashes (tokens, codes, session ids)."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from careplan.families.tables import Family, Member
from careplan.lib.columns import Retained, one_of, restrict
from careplan.tenancy.tables import Person


class ExternalIdentity(Retained, Table):
    """A professional as an OpenID provider knows them: keyed by issuer and subject."""

    id = UUID(primary_key=True)
    person = restrict(Person)
    issuer = Varchar(length=300)
    subject = Varchar(length=255)
    last_sign_in_at = Timestamptz(null=True, default=None)

    unique_subject = Unique(["issuer", "subject"])


class Invitation(Retained, Table):
    """A single-use invitation of a member to the portal: a link and a code, given apart."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    member = restrict(Member)
    token_sha256 = Varchar(length=64, unique=True)
    code_sha256 = Varchar(length=64)
    expires_at = Timestamptz()
    failed_attempts = Integer(default=0)
    used_at = Timestamptz(null=True, default=None)
    ended_at = Timestamptz(null=True, default=None)
    ended_reason = Varchar(length=40, null=True, default=None)
    created_by = restrict(Person)

    attempts_range = Check("failed_attempts BETWEEN 0 AND 5")


class Passkey(Retained, Table):
    """A WebAuthn credential: one device of one person."""

    id = UUID(primary_key=True)
    person = restrict(Person)
    credential_id = Varchar(length=1400, unique=True)  # base64url
    public_key = Text()  # base64url COSE key
    sign_count = Integer(default=0)
    transports = JSON(default="[]")
    device_name = Varchar(length=120, default="")
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    revoked_by = restrict(Person, null=True)


class WebAuthnChallenge(Retained, Table):
    """A single-use challenge, expiring in minutes."""

    id = UUID(primary_key=True)
    person = restrict(Person, null=True)
    purpose = Varchar(length=20)
    challenge_sha256 = Varchar(length=64, unique=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)

    known_purpose = one_of("purpose", ("register", "sign_in"))


class OneTimeCode(Retained, Table):
    """A code a key worker gives a parent whose phone cannot hold a passkey."""

    id = UUID(primary_key=True)
    family = restrict(Family)
    member = restrict(Member)
    code_sha256 = Varchar(length=64)
    expires_at = Timestamptz()
    failed_attempts = Integer(default=0)
    used_at = Timestamptz(null=True, default=None)
    created_by = restrict(Person)


class Session(Retained, Table):
    """A server-side session. The cookie holds a random id; this row holds its hash."""

    id = UUID(primary_key=True)
    person = restrict(Person)
    token_sha256 = Varchar(length=64, unique=True)
    kind = Varchar(length=20)
    passkey = restrict(Passkey, null=True)
    shared_device = Boolean(default=False)
    data = JSON(default="{}")
    last_seen_at = Timestamptz()
    idle_seconds = Integer()
    expires_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)
    ended_reason = Varchar(length=40, null=True, default=None)
    user_agent = Varchar(length=300, default="")

    known_kind = one_of("kind", ("professional", "family", "demo", "pending"))


INDEXES = [
    "CREATE INDEX ix_session_person_live ON session (person, expires_at) WHERE ended_at IS NULL",
    "CREATE INDEX ix_invitation_member ON invitation (member, created_at)",
]
