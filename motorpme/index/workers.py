"""Indexing on several cores: worker processes read and extract chunks of files, the main
process only writes the index.

spaCy's own ``n_process`` leaves the making of every Doc, its (de)serialisation and all of
our post-processing to the main process, which then holds back the workers. Here each worker
runs the whole single-process path (``extracting.results``: reading, the model, the rules,
crash isolation per article) on its chunk and sends back finished results; the main process
never loads spaCy.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from motorpme.errors import MotorpmeError
from motorpme.index.extracting import Extract, Result, results

if TYPE_CHECKING:
    from motorpme.ingest.corpus import Corpus, CorpusFile

# Files per task: enough to fill the model's batches, few enough to balance the last ones.
CHUNK = 48
# A small job is cut in at least this many chunks per worker, so that none waits long on
# the last one.
SHARES = 4
# Tasks queued per worker: one running, one ready; results wait for the writer in order.
AHEAD = 2

# Per worker process: the loader given at start, the extractor it made, and whether any
# article went through it (a crash on the first articles of a chunk is then the input's).
_loader: Callable[[], Extract] | None = None
_extract: Extract | None = None
_trusted = False


def _start(loader: Callable[[], Extract]) -> None:
    global _loader
    _loader = loader
    parent = os.getppid()
    threading.Thread(target=_orphaned, args=(parent,), daemon=True).start()


# How often a worker looks whether the process that started it is still there.
WATCH_SECONDS = 0.5


def _orphaned(parent: int) -> None:
    """End this worker once its parent is gone (killed with -9: nothing told the pool), instead
    of holding a model's memory under init."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _cached() -> Extract:
    global _extract
    if _extract is None:
        assert _loader is not None
        _extract = _loader()
    return _extract


def _run(chunk: list[CorpusFile], corpus: Corpus) -> list[Result]:
    global _trusted
    done = list(results(chunk, corpus, _cached, trusted=_trusted))
    _trusted = _trusted or any(not isinstance(r, str) for _, _, r in done)
    return done


def open_pool(loader: Callable[[], Extract], workers: int) -> ProcessPoolExecutor | None:
    """``workers`` processes that will each call ``loader`` once (it must pickle, as
    ``update.Loader`` does), or None where this system cannot run them (no working
    ``sem_open``, as in some containers without /dev/shm).

    Spawned, not forked: the main process may hold threads (the progress bar) and the index.
    """
    try:
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(loader,),
        )
    except (ImportError, NotImplementedError, OSError):
        return None


def pooled_results(
    pool: ProcessPoolExecutor, todo: list[CorpusFile], corpus: Corpus, workers: int
) -> Iterator[Result]:
    """Every file of ``todo`` once, in order, as ``extracting.results`` gives them; the pool
    is shut down at the end, or when the caller stops early."""
    size = max(1, min(CHUNK, -(-len(todo) // (workers * SHARES))))
    chunks = iter([todo[i : i + size] for i in range(0, len(todo), size)])
    queued: deque[Future[list[Result]]] = deque()
    finished = False
    try:
        for part in chunks:
            queued.append(pool.submit(_run, part, corpus))
            if len(queued) >= workers * AHEAD:
                break
        while queued:
            results = queued.popleft().result()
            part = next(chunks, None)
            if part is not None:
                queued.append(pool.submit(_run, part, corpus))
            yield from results
        finished = True
    except BrokenProcessPool:  # from a result, or from submitting to a broken pool
        raise MotorpmeError(
            "a worker process died while indexing (out of memory, or killed)",
            hint="what was indexed is kept; run again, or with --workers 1",
        ) from None
    finally:
        _close(pool, finished)


def _close(pool: ProcessPoolExecutor, finished: bool) -> None:
    """Stopped half-way (an error, Ctrl-C, the caller gave up): queued chunks are dropped and
    running ones stopped, not waited for: what they held was not written and will be done by
    the next run. (The executor has no public way to stop a running task.)"""
    if not finished:
        processes = getattr(pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
