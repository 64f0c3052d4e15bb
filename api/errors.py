"""Errors a handler raises on purpose; the app renders each as ``application/problem+json``.

Rule for person-scoped resources: another person's id answers ``NotFound`` exactly like an id
that does not exist, so nobody can learn which ids belong to someone else.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A problem with a status, a slug (the end of its ``type`` URI), a title and a detail."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.headers = headers or {}
        self.extra = extra


class NotFound(ApiError):
    def __init__(self, what: str) -> None:
        super().__init__(404, "not-found", "Not found", f"no such {what}")


class Conflict(ApiError):
    def __init__(self, detail: str, slug: str = "conflict") -> None:
        super().__init__(409, slug, "Conflict", detail)


class BadRequest(ApiError):
    def __init__(self, detail: str, slug: str = "bad-request") -> None:
        super().__init__(400, slug, "Bad request", detail)


class Unauthorized(ApiError):
    """401 with the ``WWW-Authenticate`` challenge RFC 6750 asks for."""

    def __init__(self, detail: str = "a valid access token is required") -> None:
        challenge = 'Bearer realm="hisaab", error="invalid_token"'
        super().__init__(
            401, "unauthorized", "Unauthorized", detail, headers={"WWW-Authenticate": challenge}
        )


class StepUpRequired(ApiError):
    """The action needs a fresh OTP: ``POST /auth/step-up``, then ``/auth/step-up/verify``."""

    def __init__(self, action: str) -> None:
        super().__init__(
            403,
            "step-up-required",
            "Step-up required",
            f"{action} needs a fresh OTP: POST /api/v1/auth/step-up, then /auth/step-up/verify",
            action=action,
        )


class RateLimited(ApiError):
    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        retry = max(1, int(retry_after_seconds))
        super().__init__(
            429,
            "rate-limited",
            "Too many requests",
            detail,
            headers={"Retry-After": str(retry)},
            retry_after=retry,
        )
