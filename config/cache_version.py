"""The cache's key version follows the schema.

Cached values include pickled model instances (regions, sections of dashboards). After a deploy
that moves or changes a model, unpickling an entry written by the old code can fail or give a
stale shape. The version is a digest of the migration files' names, so every deploy that adds a
migration starts on fresh keys; entries of the old version expire by their own timeout.
"""

import hashlib
from pathlib import Path


def schema_version(base_dir: Path) -> int:
    names = sorted(str(path.relative_to(base_dir)) for path in base_dir.glob("*/migrations/0*.py"))
    digest = hashlib.sha1("\n".join(names).encode()).hexdigest()
    return int(digest[:8], 16)
