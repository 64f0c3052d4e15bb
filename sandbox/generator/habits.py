"""Everyday spending habits: how often, when, where and how much, for a typical person.

Rates are per month for a person of average activity and the 50k–1L income band; the tier
factors scale them for tier 1/2/3 cities. ``shop`` means the person's neighbourhood shops
(paid by scanning a QR), ``contact`` their friends and family.
"""

from __future__ import annotations

from dataclasses import dataclass

MEALS = ((12.0, 15.0, 0.35), (19.0, 23.5, 0.55), (9.0, 11.0, 0.10))
COMMUTE = ((8.0, 10.5, 0.3), (17.5, 21.0, 0.4), (21.0, 24.0, 0.15), (11.0, 17.5, 0.15))
SHOP_HOURS = ((7.0, 12.0, 0.35), (12.0, 17.0, 0.25), (17.0, 22.0, 0.40))
ANY_TIME = ((8.0, 23.5, 0.9), (0.0, 2.0, 0.1))
EVENING = ((10.0, 17.0, 0.4), (17.0, 22.5, 0.6))


@dataclass(frozen=True)
class Habit:
    category: str
    parties: tuple[tuple[str, float], ...]
    per_month: float
    median_rupees: float
    spread: float
    hours: tuple[tuple[float, float, float], ...]
    tier_factor: tuple[float, float, float] = (1.0, 1.0, 1.0)
    weekend: float = 1.0
    festival: str = "none"
    share: float = 1.0  # of people who have the habit at all
    paise: bool = False  # amounts with paise (metered fuel, groceries) or whole rupees
    round_step: int = 1  # rupees a round amount is a multiple of
    round_share: float = 0.0  # of amounts that are round
    card_share: float = 0.0
    credit: bool = False


HABITS: tuple[Habit, ...] = (
    Habit(
        "food_delivery",
        (("swiggy", 0.55), ("zomato", 0.45)),
        6.0,
        380,
        0.45,
        MEALS,
        (1.0, 0.6, 0.3),
        weekend=1.6,
        card_share=0.15,
    ),
    Habit(
        "groceries",
        (("blinkit", 0.35), ("zepto", 0.3), ("instamart", 0.15), ("bigbasket", 0.2)),
        3.5,
        520,
        0.6,
        ANY_TIME,
        (1.0, 0.5, 0.2),
        weekend=1.3,
        festival="groceries",
        paise=True,
        card_share=0.15,
    ),
    Habit(
        "groceries",
        (("dmart", 1.0),),
        1.0,
        1900,
        0.5,
        SHOP_HOURS,
        (0.8, 1.0, 0.8),
        weekend=2.0,
        festival="groceries",
        paise=True,
        card_share=0.45,
    ),
    Habit(
        "groceries",
        (("shop", 1.0),),
        9.0,
        150,
        0.8,
        SHOP_HOURS,
        (0.8, 1.1, 1.4),
        weekend=1.2,
        festival="groceries",
        round_step=10,
        round_share=0.5,
    ),
    Habit(
        "transport",
        (("uber", 0.45), ("ola", 0.3), ("rapido", 0.25)),
        4.0,
        210,
        0.55,
        COMMUTE,
        (1.0, 0.6, 0.25),
        weekend=1.4,
        paise=True,
        card_share=0.1,
    ),
    Habit(
        "fuel",
        (("iocl", 0.4), ("hpcl", 0.3), ("bpcl", 0.3)),
        2.2,
        700,
        0.5,
        SHOP_HOURS,
        share=0.55,
        paise=True,
        round_step=100,
        round_share=0.6,
        card_share=0.4,
    ),
    Habit(
        "shopping",
        (("amazon", 0.45), ("flipkart", 0.35), ("myntra", 0.2)),
        2.5,
        850,
        1.0,
        ANY_TIME,
        (1.0, 0.8, 0.6),
        weekend=1.2,
        festival="shopping",
        card_share=0.35,
    ),
    Habit(
        "travel",
        (("irctc", 1.0),),
        0.35,
        950,
        0.7,
        ANY_TIME,
        (0.8, 1.0, 1.2),
        festival="travel",
        paise=True,
        card_share=0.2,
    ),
    Habit(
        "travel",
        (("indigo", 0.5), ("makemytrip", 0.5)),
        0.12,
        5200,
        0.5,
        ANY_TIME,
        (1.2, 0.8, 0.5),
        festival="travel",
        card_share=0.5,
    ),
    Habit(
        "entertainment",
        (("bookmyshow", 0.6), ("pvr", 0.4)),
        0.6,
        550,
        0.5,
        EVENING,
        (1.0, 0.7, 0.4),
        weekend=2.5,
        paise=True,
        card_share=0.3,
    ),
    Habit(
        "health",
        (("apollo", 0.5), ("pharmeasy", 0.5)),
        0.6,
        420,
        0.7,
        SHOP_HOURS,
        paise=True,
        card_share=0.2,
    ),
    Habit(
        "festive_gifts",
        (("tanishq", 0.15), ("croma", 0.25), ("reliancedigital", 0.2), ("haldirams", 0.4)),
        0.15,
        2500,
        1.1,
        EVENING,
        weekend=1.3,
        festival="festive",
        card_share=0.4,
    ),
    Habit(
        "p2p_transfer",
        (("contact", 1.0),),
        4.0,
        300,
        1.0,
        ANY_TIME,
        weekend=1.3,
        festival="p2p",
        round_step=10,
        round_share=0.7,
    ),
    Habit(
        "p2p_transfer",
        (("contact", 1.0),),
        1.8,
        450,
        1.0,
        ANY_TIME,
        weekend=1.3,
        festival="p2p",
        round_step=10,
        round_share=0.7,
        credit=True,
    ),
)

P2P_NOTES = (
    "UPI",
    "Payment from Phone",
    "Sent from Paytm",
    "dinner",
    "chai",
    "movie",
    "trip share",
    "NA",
    "cab",
    "gift",
    "lunch",
    "thanks",
)
ATM_AMOUNTS = (
    (500, 0.10),
    (1000, 0.18),
    (2000, 0.25),
    (2500, 0.08),
    (3000, 0.12),
    (5000, 0.17),
    (10000, 0.10),
)
REFUND_SHARE = 0.1
