"""UPI AutoPay mandates: a payer's standing permission for a payee to pull money on a schedule.

- ``tables``: the mandate, its append-only events, pre-debit notifications and executions.
- ``status``: where a mandate (and each execution) may go next, one table each.
- ``schedule``: frequencies, IST business dates and the period ("cycle") a debit belongs to.
- ``policy``: NPCI/RBI rules as configuration (24-hour notice, step-up above ₹15,000, retries).
- ``records`` / ``history``: rows and the event + outbox pair every change writes.
- ``notifications`` / ``executions`` / ``eligibility``: the pre-debit and debit rules.
- ``service``: ``MandateService``, what the API and the scheduler call.

Nothing is imported here: ``payments.db`` imports ``payments.mandates.tables`` to create the
tables, and that must not drag in the service (and through it the gateway layer).
"""
