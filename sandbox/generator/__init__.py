"""The synthetic population generator behind ``sandbox.generate.generate_population``.

Stages, in order: ``population`` and ``identity`` (who), ``parties`` (whom they pay),
the event generators (``recurring_*``, ``subscriptions``, ``spending``, ``repeats``, ``fees``,
``anomalies``), ``ledger`` (routing, ``posting`` days, order, balances, references), then the
writers of each source (``statements``, ``sms``, ``aa``) and of the ground truth (``truth``).
"""
