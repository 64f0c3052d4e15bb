"""The payments domain's refusals as API problems, in one place.

Handlers wrap their domain call in ``domain_errors(what)``. Status choices:

- a missing ``Idempotency-Key`` is 400, the same key with a different body 422, as the IETF
  draft "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header)
  specifies: the request is well formed, but it cannot be honoured under that key;
- a request the rules refuse (VPA, amount above the UPI limit, note too long) is 422, with the
  rule's own sentence as the detail;
- an action the current state forbids (resume a revoked mandate) is 409;
- an id that is not the person's is 404, the same body as an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from api.errors import ApiError, Conflict, NotFound, StepUpRequired
from payments.idempotency import IdempotencyKeyConflict, InvalidIdempotencyKey
from payments.intents import ConcurrentUpdate, IntentNotFound
from payments.mandates.errors import ConcurrentMandateUpdate, MandateNotFound, MandateRefused
from payments.mandates.errors import StepUpRequired as MandateStepUp
from payments.mandates.status import InvalidMandateTransition
from payments.status import InvalidTransition
from payments.upi.limits import AmountOutOfRange
from payments.upi.vpa import InvalidVpa


def unprocessable(slug: str, title: str, detail: str) -> ApiError:
    return ApiError(422, slug, title, detail)


@contextmanager
def domain_errors(what: str) -> Iterator[None]:
    """Turn the domain's exceptions raised inside the block into problems about ``what``."""
    try:
        yield
    except (IntentNotFound, MandateNotFound):
        raise NotFound(what) from None
    except InvalidIdempotencyKey as exc:
        raise ApiError(400, "invalid-idempotency-key", "Idempotency-Key needed", str(exc)) from None
    except IdempotencyKeyConflict as exc:
        raise unprocessable("idempotency-key-reused", "Idempotency-Key reused", str(exc)) from None
    except MandateStepUp:
        raise StepUpRequired(f"approving this {what}") from None
    except (ConcurrentUpdate, ConcurrentMandateUpdate) as exc:
        raise Conflict(f"{exc}; read it again and retry", slug="concurrent-update") from None
    except (InvalidTransition, InvalidMandateTransition) as exc:
        raise Conflict(str(exc), slug="invalid-state") from None
    except MandateRefused as exc:
        raise Conflict(str(exc), slug=exc.reason.replace("_", "-")) from None
    except InvalidVpa as exc:
        raise unprocessable("invalid-vpa", "Not a UPI address", str(exc)) from None
    except AmountOutOfRange as exc:
        raise unprocessable("amount-out-of-range", "Amount not allowed", str(exc)) from None
    except ValueError as exc:
        raise unprocessable("invalid-request", f"Invalid {what}", str(exc)) from None
