"""What the bot does when someone talks to it: one module (or package) per feature, and
:mod:`handlers.dispatch`, which sends each neutral request to the feature that answers it."""
