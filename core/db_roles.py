"""Two PostgreSQL roles (issue 10, item 5): the owner runs migrations, the application runs as a
role that owns nothing and is no superuser, so an append-only table stays append-only for it.

- `DATABASE_OWNER_URL` (owner, default `navinclusion_owner`): `migrate` and test-database creation.
- `DATABASE_URL` (application, default `navinclusion_app`): web, worker, beat, every other command.
- `DATABASE_APP_ROLE`: the role granted DML after every migrate; models with `APPEND_ONLY = True`
  get INSERT and SELECT only (no UPDATE, DELETE or TRUNCATE).
- `DATABASE_ADMIN_URL` (default the local `postgres` superuser): only `ensure_database` uses it,
  to create the roles and the database on a fresh machine. Idempotent.

A single-role setup (only `DATABASE_URL` given, as in the helpers' worktrees) still works: the
owner is then the same role, and `DATABASE_APP_ROLE` is still granted so the tests can use it.
"""

import contextlib

import psycopg2
from django.apps import apps
from django.conf import settings
from django.db import connections
from psycopg2 import errors, sql


def _params(db: dict, dbname: str | None = None) -> dict:
    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": dbname or db.get("NAME"),
    }
    return {k: v for k, v in params.items() if v}


@contextlib.contextmanager
def as_owner(alias: str = "default"):
    """Run the block on `alias` with the owner's credentials (migrations, test-database setup)."""
    connection = connections[alias]
    owner = settings.DATABASE_OWNER
    saved = {key: connection.settings_dict.get(key) for key in ("USER", "PASSWORD")}
    if alias != "default" or saved["USER"] == owner.get("USER"):
        yield
        return
    connection.close()
    connection.settings_dict.update(USER=owner.get("USER"), PASSWORD=owner.get("PASSWORD", ""))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _role_exists(cursor, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


def _create_role(cursor, role: str, *, createdb: bool) -> bool:
    if _role_exists(cursor, role):
        return False
    options = sql.SQL("LOGIN NOSUPERUSER NOCREATEROLE " + ("CREATEDB" if createdb else "NOCREATEDB"))
    try:
        cursor.execute(sql.SQL("CREATE ROLE {} ").format(sql.Identifier(role)) + options)
    except errors.DuplicateObject:  # another checkout created it at the same moment
        return False
    return True


def ensure_roles_and_database(stdout=None) -> None:
    """Create the owner and app roles and the database (owned by the owner) if missing, and hand
    a database made before the owner role existed over to it. Needs the admin (superuser) URL."""
    say = stdout.write if stdout else (lambda _msg: None)
    db = settings.DATABASES["default"]
    owner = settings.DATABASE_OWNER.get("USER")
    app_roles = {settings.DATABASE_APP_ROLE, db.get("USER")} - {owner, None}
    admin = psycopg2.connect(**_params(settings.DATABASE_ADMIN, dbname="postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [owner])
            row = cursor.fetchone()
            owner_is_superuser = bool(row and row[0])
            if not row and _create_role(cursor, owner, createdb=True):
                say(f"Opprettet eierrollen {owner}.")
            for role in sorted(app_roles):
                if _create_role(cursor, role, createdb=False):
                    say(f"Opprettet applikasjonsrollen {role}.")
            _drop_stale_test_database(cursor, db["NAME"], owner, say)
            cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [db["NAME"]])
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(db["NAME"]), sql.Identifier(owner)
                    )
                )
                say(f"Opprettet databasen {db['NAME']}.")
                return
    finally:
        admin.close()
    if not owner_is_superuser:
        _adopt(owner, db["NAME"], say)


def _drop_stale_test_database(cursor, dbname: str, owner: str, say) -> None:
    """A test database left by a run from before the owner role existed belongs to another role,
    so pytest-django (connecting as the owner) could neither reuse nor recreate it. It holds
    nothing worth keeping: drop it and let the next test run create it as the owner."""
    test_name = f"test_{dbname}"
    cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [test_name])
    row = cursor.fetchone()
    if row is None or row[0] == owner:
        return
    cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(test_name)))
    say(f"Slettet den gamle testdatabasen {test_name} (eid av {row[0]}).")


def _adopt(owner: str, dbname: str, say) -> None:
    """Give a database created under another role (before the owner role existed) to the owner."""
    admin = psycopg2.connect(**_params(settings.DATABASE_ADMIN, dbname=dbname))
    admin.autocommit = True
    ident = sql.Identifier(owner)
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                  AND pg_get_userbyid(c.relowner) <> %s
                """,
                [owner],
            )
            relations = cursor.fetchall()
            cursor.execute(
                """
                SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s
                """,
                [owner],
            )
            functions = [r[0] for r in cursor.fetchall()]
            if not relations and not functions:
                cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [dbname])
                if cursor.fetchone()[0] == owner:
                    return
            cursor.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(dbname), ident))
            cursor.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(ident))
            kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}
            for name, kind in relations:
                cursor.execute(
                    sql.SQL(f"ALTER {kinds[kind]} {{}} OWNER TO {{}}").format(sql.Identifier(name), ident)
                )
            for signature in functions:
                cursor.execute(sql.SQL(f"ALTER FUNCTION {signature} OWNER TO {{}}").format(ident))
            say(f"Databasen {dbname} er overført til eierrollen {owner}.")
    finally:
        admin.close()


def append_only_tables() -> list[str]:
    return sorted(m._meta.db_table for m in apps.get_models() if getattr(m, "APPEND_ONLY", False))


def grant_app_role(using: str = "default", **_kwargs) -> None:
    """post_migrate: DML for the application role on every table; INSERT/SELECT only on the
    append-only ones. Runs as the role that migrated (the owner)."""
    role = settings.DATABASE_APP_ROLE
    connection = connections[using]
    with connection.cursor() as cursor:
        if not _role_exists(cursor, role):
            return
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return
        r = sql.Identifier(role)
        statements = [
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(r),
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(r),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(r),
            sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {}").format(r),
        ]
        for table in append_only_tables():
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is None:
                continue  # a partial migrate: the table comes later
            statements.append(
                sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(sql.Identifier(table), r)
            )
        for statement in statements:
            cursor.execute(statement)
