"""Account linking through an Account Aggregator: consent artefacts, FI fetches into the
landing folder, and the person's linked accounts (``api/routes/accounts.py`` serves them)."""
