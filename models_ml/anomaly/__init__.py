"""The anomaly detector: which ledger transactions a person (or an analyst) should look at.

Per-person features computed strictly from each row's past (``features``, ``history``), the
rule-based alerts of ``marts.fct_anomalies`` as inputs (``rules``), an IsolationForest plus a
small supervised layer when labels exist (``model``), evaluated on people it never saw against
the rules alone (``train``, ``evaluate``), and scores with a worded reason per row (``predict``).
"""
