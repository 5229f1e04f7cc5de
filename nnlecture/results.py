"""nnmath results worth keeping between runs, in the cache beside the LaTeX cache.

``kept(name, compute, **params)`` returns ``compute(**params)``, from
``$XDG_CACHE_HOME/nnlecture/results/`` when the same computation was done before: the key is
the name, the parameters and the source of every nnmath module, so a change to nnmath or to a
parameter computes afresh. For deterministic computations only (fixed seeds), whose results
are plain data (pickled). fitting's race (two networks trained for 30,000 epochs: 4 s) is
one: it came before the first frame of every fitting preview and universal_approximation
figure. A damaged file is computed again; a cache that cannot be written costs only the time.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from nnlecture.files import cache_dir, write_cache_file

NNMATH = Path(__file__).resolve().parent.parent / "nnmath"


@lru_cache(maxsize=1)
def nnmath_digest() -> str:
    """A digest of nnmath's source: what every kept result depends on."""
    digest = hashlib.sha256()
    for path in sorted(NNMATH.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def result_file(name: str, params: dict[str, Any]) -> Path:
    key = hashlib.sha256(repr((name, sorted(params.items()), nnmath_digest())).encode()).hexdigest()
    return cache_dir() / "results" / f"{name}-{key[:32]}.pickle"


def kept(name: str, compute: Callable[..., Any], **params: Any) -> Any:
    path = result_file(name, params)
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 -- missing, damaged or from other code: compute it
        pass
    result = compute(**params)
    write_cache_file(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result
