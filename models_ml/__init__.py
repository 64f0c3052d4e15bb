"""Models trained on the ledger: categorizer, anomaly detector, forecasts. Outputs go to ``ml``."""
