"""/vakt plan: listing, adding, and Done / Skip / Snooze from commands and buttons."""
