"""Attempts as a Spark data source: `AttemptsDataSource`, format ``"attempts"``.

Needs the extra ``attempts-sdk[spark]`` (pyspark 4 and pyarrow) on the driver and on the
executors, whose Python processes import attempts_sdk to read the providers. See the guide
"On Spark" for reading, streaming, credentials and partition sizing.
"""

from ._source import AttemptsDataSource

__all__ = ["AttemptsDataSource"]
