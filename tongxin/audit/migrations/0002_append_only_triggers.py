"""Make audit rows append-only with database triggers (SQLite and PostgreSQL)."""

from django.db import migrations


def create_triggers(apps, schema_editor) -> None:
    from tongxin.audit import triggers

    triggers.create(schema_editor.connection)


def drop_triggers(apps, schema_editor) -> None:
    from tongxin.audit import triggers

    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_event")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
