"""The `vaktbot` command line: main and one module per command group."""
