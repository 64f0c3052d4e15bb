"""One in-memory GX context per process: nothing written to disk and no progress bars.

An ephemeral context keeps its stores in memory (no ``gx/`` folder in the repository or $HOME);
without a data-docs site it does not even reserve a temporary directory. GX's progress bars (tqdm
on stderr) would interleave with the pipeline's own output, so they are off.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def ephemeral_context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)
