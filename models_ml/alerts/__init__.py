"""Budget alerts: projected month-end spend against each budget (80% and 100%), and a projected
shortfall before a known automatic debit, sent once each through the payments outbox.
See ``docs/ml.md``.
"""
