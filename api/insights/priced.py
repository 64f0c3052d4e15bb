"""A response model whose amounts carry their display strings without each caller writing them.

Every amount is an integer ``<name>_paise``; its ``<name>_display`` (``₹1,23,456.50``, Indian
grouping) is derived from it here, so the two can never disagree.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator

from hisaab.money import format_inr


class Priced(BaseModel):
    """Fills each ``<name>_display`` field from ``<name>_paise`` (null stays null)."""

    @model_validator(mode="before")
    @classmethod
    def _displays(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        filled = dict(data)
        for name in cls.model_fields:
            if name.endswith("_display") and name not in filled:
                paise = filled.get(name.removesuffix("_display") + "_paise")
                filled[name] = None if paise is None else format_inr(int(paise))
        return filled
