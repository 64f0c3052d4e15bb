"""A sandbox Account Aggregator with its FIPs: the banks' side of account linking.

``SandboxAggregator`` serves a person's deposit accounts and their transactions, in the ReBIT
JSON a real AA hands an FIU after decryption, for the date range a consent allows. Its books are
a generated population (``hisaab generate``): the bundles under ``person=<ref>/aa/`` and the
account list in ``_truth/accounts.csv``.
"""

from sandbox.aa.fip import FiBundle, FipAccount, SandboxAggregator, stock_fip

__all__ = ["FiBundle", "FipAccount", "SandboxAggregator", "stock_fip"]
