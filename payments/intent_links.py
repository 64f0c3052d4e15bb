"""The ``upi://pay`` link of a collect request: what the payer scans (as a QR) or taps.

A collect intent asks someone to pay the person; the same request can travel as a link or QR
that any UPI app opens with the amount, payee and reference filled in. ``tr`` carries the
intent id, so the payment the payer makes can be matched to the request it answers.
"""

from __future__ import annotations

from payments.upi.links import build_upi_link, make_upi_link


def collect_link(
    payee_vpa: str, payee_name: str, amount_paise: int, note: str, intent_id: str
) -> str:
    """A checked link for paying ``amount_paise`` to ``payee_vpa`` against ``intent_id``."""
    params = {"pa": payee_vpa, "pn": payee_name, "tr": intent_id}
    if note.strip():  # NPCI's tn may not be empty: leave it out rather than send a blank
        params["tn"] = note
    return build_upi_link(make_upi_link(params, amount_paise=amount_paise))
