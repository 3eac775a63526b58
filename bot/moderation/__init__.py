"""Comments and alerts: classification, surge, routing rules, the alert pipeline and its messages."""
