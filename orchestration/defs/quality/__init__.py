"""Data quality: great-expectations suites on the raw tables and the marts, run as asset checks."""
