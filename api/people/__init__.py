"""People: who has an account, their encrypted phone, their devices and self-declared profile."""
