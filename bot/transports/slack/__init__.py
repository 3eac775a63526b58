"""Slack: the transport (Web API), the bolt app (Socket Mode and HTTP events)."""
