"""Microsoft Teams: the transport (Bot Connector), the bot, the adapter, conversation storage,
the HTTP endpoint and the app package."""
