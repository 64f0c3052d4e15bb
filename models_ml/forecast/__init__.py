"""Spend and balance forecasts: pooled Prophet per category group, scaled to each person.

``spend`` forecasts each person's monthly spend per category group, ``balance`` projects their
month-end balance from it and the known future debits; both are backtested on rolling origins
against a seasonal-naive baseline (``backtest``). See ``docs/ml.md``.
"""
