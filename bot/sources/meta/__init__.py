"""The Meta Graph API: client, Facebook, Instagram, polling."""
