"""A person's ledger as the API serves it: the published marts, with their own corrections on top.

The marts change only when the pipeline runs; what a person changes in the app (a category)
lives in the app database and is laid over the published rows at read time, so a correction
shows at once and the next pipeline run makes it part of the marts.
"""
