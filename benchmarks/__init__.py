"""Benchmarks of the numbers DESIGN.md holds agentdesk to; run with `python -m benchmarks`."""
