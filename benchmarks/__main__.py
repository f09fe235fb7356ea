"""``python -m benchmarks``."""

from .suite import main

if __name__ == "__main__":
    raise SystemExit(main())
