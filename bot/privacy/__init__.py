"""Personal data: Nordic identity numbers, and redaction of personal data at render time."""
