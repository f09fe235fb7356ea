"""The performance benchmarks of issue 6: decode, per-request overhead, pagination under
latency, memory and import time, each against a floor or a peer measured in the same run.

Run them with ``make bench`` (``python -m benchmarks``); ``python -m benchmarks --help``
lists the options. ``docs/performance.md`` holds the figures of the last run.
"""
