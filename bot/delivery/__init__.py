"""Delivery: the outbox (written with its cause) and the sender that drains it."""
