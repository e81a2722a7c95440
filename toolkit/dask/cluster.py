"""Getting a Dask cluster: an existing scheduler, or a local one."""

from __future__ import annotations

import dask
from distributed import Client, LocalCluster


def get_client(scheduler: str | None = None, *, n_workers: int = 2, memory_limit: str = "4GiB") -> Client:
    """Connect to a scheduler, or start a local cluster of worker processes.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``; from
        dask-jobqueue, a cloud deployment, or ``dask scheduler``).
    n_workers : int
        Local worker processes (one thread each) when no address is given.
    memory_limit : str
        Memory limit of each local worker.

    Returns
    -------
    distributed.Client
    """
    if scheduler:
        return Client(scheduler)
    # A smaller buffer for shuffles than the default 1 GiB: shuffle memory
    # would otherwise crowd out the data of a 4 GiB worker.
    dask.config.set({"distributed.p2p.comm.buffer": "256 MiB"})
    cluster = LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=True, memory_limit=memory_limit,
        dashboard_address=None,
    )  # fmt: skip
    return Client(cluster)
