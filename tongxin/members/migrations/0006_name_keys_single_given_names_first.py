"""Recompute the name keys: 单名在前 and compound surnames in the stroke key,
ü after u in the pinyin key, every plausible reading in the search text.

The stroke key grows by three characters (123) and the pinyin key by one
character per name character (216). Stroke keys that staff set by hand are
kept.
"""

from django.db import migrations, models

BATCH = 2000


def recompute_name_keys(apps, schema_editor):
    from tongxin.core import chinese

    Member = apps.get_model("members", "Member")
    rows = Member.objects.order_by("pk").values_list("pk", "name", "stroke_key_manual")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        changed = []
        for pk, name, manual in batch:
            member = Member(pk=pk)
            member.pinyin_key = chinese.pinyin_sort_key(name)
            member.search_text = chinese.search_text(name)
            if not manual:
                member.stroke_key = chinese.stroke_sort_key(name)
            changed.append((member, manual))
        for manual in (False, True):
            members = [m for m, is_manual in changed if is_manual is manual]
            fields = ["pinyin_key", "search_text"] + ([] if manual else ["stroke_key"])
            if members:
                Member.objects.bulk_update(members, fields)
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_swap_encrypted_columns"),
    ]

    operations = [
        migrations.AlterField(
            model_name="member",
            name="stroke_key",
            field=models.CharField(default="", editable=False, max_length=123),
        ),
        migrations.AlterField(
            model_name="member",
            name="pinyin_key",
            field=models.CharField(default="", editable=False, max_length=216),
        ),
        migrations.RunPython(recompute_name_keys, migrations.RunPython.noop),
    ]
