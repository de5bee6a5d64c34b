"""Checks shared by the apps' tests of accounts.access."""

from django.db import connection

from accounts.access import scope_sql, visible


def assert_sql_twin_selects_visible(user, model) -> None:
    """scope_sql's condition (a registered SQL twin of the scope, accounts.access.sql_scope)
    selects exactly the rows visible() gives `user`."""
    scope = scope_sql(user, model, "t")
    found = set()
    if scope is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT t.id FROM {model._meta.db_table} AS t WHERE {scope[0]}", scope[1])
            found = {row[0] for row in cursor.fetchall()}
    assert found == set(visible(user, model.objects.all()).values_list("pk", flat=True)), user
