"""A person's rights under India's DPDP Act: to see what we hold (export) and to be forgotten."""
