"""Monthly budgets per category or group: stored in the app database, measured on the ledger."""
