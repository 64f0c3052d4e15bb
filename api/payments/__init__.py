"""The API's side of payments: request shapes, problem mapping, wiring and views over
``payments/``. Handlers in ``api/routes/payments.py`` and ``mandates.py`` stay thin on top."""
