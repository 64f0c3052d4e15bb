"""India's festival days that move spending, as observed in India (Diwali's Lakshmi Puja, Holi).

They follow the lunar calendar, so they are a table; a year missing here has no festival. The
synthetic population peaks on them and the analysts' dashboards compare spending against them.
"""

from __future__ import annotations

from datetime import date

DIWALI = {
    2023: date(2023, 11, 12),
    2024: date(2024, 11, 1),
    2025: date(2025, 10, 20),
    2026: date(2026, 11, 8),
    2027: date(2027, 10, 29),
    2028: date(2028, 10, 17),
}
HOLI = {
    2024: date(2024, 3, 25),
    2025: date(2025, 3, 14),
    2026: date(2026, 3, 4),
    2027: date(2027, 3, 22),
    2028: date(2028, 3, 11),
}
FESTIVALS = {"diwali": DIWALI, "holi": HOLI}
