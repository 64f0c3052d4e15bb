"""Bank SMS alerts: templates as data (`patterns`), a vectorized classifier, and `parse_sms`."""

from ingestion.sms.parse import ParsedSms, parse_sms

__all__ = ["ParsedSms", "parse_sms"]
