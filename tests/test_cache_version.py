"""The cache key version follows the migrations: a deploy that changes the schema never reads
back a pickle of the old models (a moved model would fail to unpickle and answer 500)."""

from django.core.cache import caches

from config import settings as config_settings
from config.cache_version import schema_version


def _app(tmp_path, *names):
    folder = tmp_path / "things" / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("")


def test_a_new_migration_changes_the_version(tmp_path):
    _app(tmp_path, "0001_initial.py")
    before = schema_version(tmp_path)
    assert schema_version(tmp_path) == before
    _app(tmp_path, "0002_moved.py")
    assert schema_version(tmp_path) != before


def test_files_other_than_migrations_do_not_change_it(tmp_path):
    _app(tmp_path, "0001_initial.py")
    before = schema_version(tmp_path)
    _app(tmp_path, "__init__.py")
    (tmp_path / "things" / "views.py").write_text("")
    assert schema_version(tmp_path) == before


def test_the_configured_cache_uses_this_checkouts_schema_version(settings):
    # The tests swap in a local-memory cache; the production configuration is read from the module.
    settings.CACHES = config_settings.CACHES
    assert config_settings.CACHES["default"]["VERSION"] == schema_version(settings.BASE_DIR)
    assert caches.create_connection("default").version == schema_version(settings.BASE_DIR)
