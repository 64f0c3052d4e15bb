"""City names and tiers: one spelling per city, so analysts can group people by city and tier.

Tiers follow the buckets the synthetic population and ``raw.app_people`` use (1 = the eight
metros; 2 and 3 the larger and smaller cities). A city not listed is kept as typed with no
tier: guessing a tier would put a person in the wrong group, and no tier is an honest "unknown".
"""

from __future__ import annotations

import unicodedata

TIERS: dict[str, int] = {
    **dict.fromkeys(
        ("Mumbai", "Delhi", "Bengaluru", "Hyderabad", "Chennai", "Kolkata", "Pune", "Ahmedabad"),
        1,
    ),
    **dict.fromkeys(
        (
            "Jaipur", "Lucknow", "Indore", "Coimbatore", "Nagpur", "Kochi", "Bhubaneswar",
            "Patna", "Vijayawada", "Guwahati", "Ludhiana", "Surat", "Kanpur", "Visakhapatnam",
            "Bhopal", "Chandigarh", "Vadodara", "Thiruvananthapuram", "Noida", "Gurugram",
        ),
        2,
    ),
    **dict.fromkeys(("Mysuru", "Nashik", "Madurai", "Dehradun", "Hubballi"), 3),
}  # fmt: skip
ALIASES = {
    "bangalore": "Bengaluru",
    "bombay": "Mumbai",
    "new delhi": "Delhi",
    "calcutta": "Kolkata",
    "madras": "Chennai",
    "mysore": "Mysuru",
    "gurgaon": "Gurugram",
    "cochin": "Kochi",
    "trivandrum": "Thiruvananthapuram",
    "baroda": "Vadodara",
    "vizag": "Visakhapatnam",
    "hubli": "Hubballi",
}
_BY_LOWER = {name.lower(): name for name in TIERS} | ALIASES
_PUNCTUATION = frozenset(" .'-")


def _is_city_name(name: str) -> bool:
    """Letters of any script (with their vowel signs), joined by a few punctuation marks."""
    if not 2 <= len(name) <= 60 or not unicodedata.category(name[0]).startswith("L"):
        return False
    return all(unicodedata.category(c)[0] in "LM" or c in _PUNCTUATION for c in name)


def canonical_city(text: str) -> tuple[str, int | None]:
    """(spelling, tier) for a city name; ``ValueError`` for what cannot be a city name."""
    name = " ".join(text.split())
    if not _is_city_name(name):
        raise ValueError("a city name has 2-60 letters, spaces, dots, hyphens or apostrophes")
    known = _BY_LOWER.get(name.lower())
    return (known, TIERS[known]) if known else (name, None)
