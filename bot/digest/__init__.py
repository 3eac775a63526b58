"""Digests and reports: daily, weekly, period reports, the chart, and the queries behind them."""
