"""How the payments layer reaches a UPI switch: one interface, adapters behind it.

``base`` is the contract (requests, acks, results, callbacks, the two failure kinds), ``http``
the adapter for a JSON-over-HTTP PSP (and the sandbox switch in ``sandbox.gateway``), ``codes``
the NPCI response codes as data. Signed callbacks are checked in ``payments.signing``.
"""

from payments.gateway.base import (
    Callback,
    CollectRequest,
    Gateway,
    GatewayAck,
    GatewayError,
    GatewayStatus,
    GatewayTimeout,
    PayRequest,
    StatusCheckRefused,
    StatusResult,
)

__all__ = [
    "Callback",
    "CollectRequest",
    "Gateway",
    "GatewayAck",
    "GatewayError",
    "GatewayStatus",
    "GatewayTimeout",
    "PayRequest",
    "StatusCheckRefused",
    "StatusResult",
]
