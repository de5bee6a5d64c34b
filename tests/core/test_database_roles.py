"""Issue 10, item 5: the application's database role cannot alter the append-only logs.

The probe, connected as the table owner, emptied the access log with TRUNCATE, switched its trigger
off with ALTER TABLE … DISABLE TRIGGER and went around it with session_replication_role = replica.
Here a second connection logs in as the application role on the test database and tries each route.
"""

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from core.db_roles import _params, append_only_tables, ensure_roles_and_database, grant_app_role

pytestmark = pytest.mark.django_db

ROUTES = [
    "SET session_replication_role = replica",
    "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "ALTER TABLE {table} DISABLE TRIGGER USER",
    "TRUNCATE {table}",
    "UPDATE {table} SET id = id",
    "DELETE FROM {table}",
    "DROP TABLE {table}",
]


@pytest.fixture
def app_cursor():
    ensure_roles_and_database()  # a no-op where `make test` already ran it
    grant_app_role()
    params = _params(settings.DATABASES["default"], dbname=connection.settings_dict["NAME"])
    params.update(user=settings.DATABASE_APP_ROLE)
    params.pop("password", None)
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    yield conn.cursor()
    conn.close()


def test_the_logs_are_declared_append_only():
    assert {"candidates_accesslogentry", "candidates_retentionlog"} <= set(append_only_tables())


def test_app_role_is_neither_superuser_nor_owner(app_cursor):
    app_cursor.execute(
        "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    )
    user, superuser, createrole = app_cursor.fetchone()
    assert user == settings.DATABASE_APP_ROLE
    assert not superuser and not createrole
    app_cursor.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
    )
    assert app_cursor.fetchone()[0] == 0
    # …but it can do the application's work.
    app_cursor.execute("SELECT has_table_privilege('candidates_accesslogentry', 'INSERT')")
    assert app_cursor.fetchone()[0] is True
    app_cursor.execute("SELECT has_table_privilege('candidates_candidate', 'UPDATE')")
    assert app_cursor.fetchone()[0] is True


@pytest.mark.parametrize("table", ["candidates_accesslogentry", "candidates_retentionlog"])
@pytest.mark.parametrize("route", ROUTES)
def test_app_role_cannot_alter_the_log(app_cursor, table, route):
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        app_cursor.execute(route.format(table=table))
