"""The territory's parsed tables cached under AMI_HOME, keyed by the CSV files and the code that reads them: a pickle
written atomically, read with the garbage collector paused; a damaged or missing cache costs one parse."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .calls.spec import CallSpec

log = logging.getLogger(__name__)


def cache_file(spec: CallSpec, cache_dir: Path) -> Path | None:
    """The cache file of these CSV files as this code reads them (None when a file is unreadable: no cache)."""
    tspec = spec.territory
    h = hashlib.sha256(Path(__file__).with_name("territory.py").read_bytes())  # the tables as that code builds them
    h.update(Path(__file__).read_bytes())
    h.update(Path(__file__).with_name("textnorm.py").read_bytes())  # normalisation of names
    try:
        for name in (tspec.communes_file, tspec.all_communes_file):
            if name:
                h.update(f"{name}:{spec.source_of(name)}:".encode())
                h.update(spec.path(name).read_bytes())
    except OSError:
        return None
    return Path(cache_dir) / f"{h.hexdigest()[:32]}.pickle"


def read_state(cache: Path | None):
    """The pickled tables (the cache is this project's own file under AMI_HOME), or None."""
    if cache is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: the collector would run over them again and again
    try:
        with cache.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged cache costs one parse
        log.info("territory cache %s unreadable (%s), parsing again", cache, type(exc).__name__)
        return None
    finally:
        if enabled:
            gc.enable()


def write_state(cache: Path | None, state: tuple) -> None:
    """Store the tables (atomic; a failure only costs a parse next time)."""
    if cache is None:
        return
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError as exc:
        log.info("territory cache not written (%s)", exc)
