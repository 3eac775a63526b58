"""The annual plan (årshjul): model, recurrence, deadlines as written, import, export, storage."""
