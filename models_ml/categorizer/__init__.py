"""The categorizer: places the ledger rows the rules left uncategorized, or sends them to review.

``features`` (what a row says), ``model`` (the pipeline and its confidence threshold),
``train`` and ``evaluate`` (fit and judge on held-out people), ``predict`` (the rows the rules
left, the review queue) and ``publish`` (the ``ml`` tables and the ``ml.ledger_categorized``
view). See ``docs/ml.md``.
"""
