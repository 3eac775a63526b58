"""The running process: the service loop, the console, the demo, sample data, logs and health."""
