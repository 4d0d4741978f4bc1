"""The offline place index: built once from GeoNames, Natural Earth and authored data, then queried."""

from geo.gazetteer.normalize import normalize_name
from geo.gazetteer.store import (
    Gazetteer,
    NameHit,
    ensure_index,
    import_dump,
    load_gazetteer,
)

__all__ = ["Gazetteer", "NameHit", "ensure_index", "import_dump", "load_gazetteer", "normalize_name"]
