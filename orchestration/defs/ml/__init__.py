"""Models over the ledger: the categorizer, the anomaly detector, forecasts and budget alerts.

Each piece is a module exposing ``defs``; ``jobs`` gives them the daily ``ml_refresh`` job.
"""

import dagster as dg

from orchestration.defs.ml import anomaly, categorizer, forecast, jobs

defs = dg.Definitions.merge(categorizer.defs, anomaly.defs, forecast.defs, jobs.defs)
