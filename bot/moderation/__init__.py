"""Comments and alerts: classification, surge, routing rules, the alert pipeline, its messages."""
