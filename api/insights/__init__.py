"""A person's insights as the API serves them: cash flow by month and financial year, spend by
category, recurring payments, upcoming debits, flagged transactions and forecasts.

Everything is read from the published marts (``marts.*``) and model outputs (``ml.*``) for the
caller's ``person_ref`` only. Model outputs appear after the first model refresh, and a mart may
be missing from an old snapshot: a missing table reads as no rows (`periods.read`), never an
error, so the endpoints answer with empty lists and null fields until the pipeline catches up.
"""
