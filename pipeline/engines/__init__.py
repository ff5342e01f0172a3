"""Engines: where the chunks of a run are processed.  :mod:`.core` holds what
they share (chunks, shards, the assembler, run.json); :mod:`.local` runs on
this machine, :mod:`.dask` on a Dask cluster.  :func:`pipeline.run.run` picks one."""
