"""The errors a use case can end with, in plain words. No framework here: `careplan.web.errors`
turns each into its HTTP status (404, 409, 422, 428) for the API and the pages alike."""

from __future__ import annotations

from typing import Any


class CareplanError(Exception):
    """Base of every error a person can act on."""

    detail: str = "Something is wrong with the request"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        self.detail = detail or self.detail


class NotFound(CareplanError):
    """It does not exist, or it is not yours to see: both answer the same (invariant 4)."""

    def __init__(self, what: str = "record") -> None:
        super().__init__(f"No {what} with that id")
        self.what = what


class Invalid(CareplanError):
    """Bad input: `field` names what to change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Conflict(CareplanError):
    """A change was based on a revision that is no longer current; `current` is the record now."""

    def __init__(self, what: str, current: dict[str, Any]) -> None:
        super().__init__(
            f"This {what} was changed by someone else since you opened it. "
            "Their version is included: merge your change into it and try again."
        )
        self.what = what
        self.current = current


class RevisionRequired(CareplanError):
    """A change that does not say which revision it was based on (428)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Say which revision of the {what} your change is based on "
            "(the `revision` field, or an If-Match header with its ETag)"
        )


class Forbidden(CareplanError):
    """Seen, but not yours to change (a member editing the plan, say)."""


class Duplicate(CareplanError):
    """A record that a request running at the same moment made first (a unique constraint
    refused the second; nothing of it was written): 409, unless the use case answers as to a
    repeat (see `careplan.lib.uow.repeat_on_duplicate`)."""

    def __init__(self) -> None:
        super().__init__(
            "The same thing was saved by another request at the same moment. "
            "Reload to see it, and try again if it is not what you meant"
        )


class Refused(CareplanError):
    """A change the record's state no longer allows (409): said in plain words, naming the
    field (`field`) when one is at fault."""

    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.field = field


class PlanClosed(Refused):
    """A change to a plan whose episode has closed: a closed plan is read-only (409)."""

    def __init__(self, closed_on: Any) -> None:
        super().__init__(
            f"This plan is closed: its episode ended on {closed_on.day} {closed_on:%B %Y}. "
            "Open a new episode to carry on."
        )
        self.closed_on = closed_on
