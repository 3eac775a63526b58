"""The annual plan (årshjul): model, recurrence, deadlines as people write them, import, export, storage."""
