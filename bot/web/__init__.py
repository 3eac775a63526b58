"""The HTTP server: one route table, calendar feeds, media, webhooks."""
