"""The access log is insert-only in the database itself: UPDATE and DELETE raise an error, whoever
runs them (the app, the admin, a shell). TRUNCATE is not affected, so test flushes still work."""

from django.db import migrations

SQL = """
CREATE FUNCTION candidates_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON candidates_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION candidates_refuse_change();

CREATE TRIGGER retentionlog_append_only
    BEFORE UPDATE OR DELETE ON candidates_retentionlog
    FOR EACH ROW EXECUTE FUNCTION candidates_refuse_change();
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS retentionlog_append_only ON candidates_retentionlog;
DROP TRIGGER IF EXISTS accesslogentry_append_only ON candidates_accesslogentry;
DROP FUNCTION IF EXISTS candidates_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("candidates", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
