"""Drop the plaintext ID number and mobile columns; the encrypted ones take their names."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_encrypt_personal_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="member", name="id_number"),
        migrations.RemoveField(model_name="member", name="mobile"),
        migrations.RemoveField(model_name="historicalmember", name="id_number"),
        migrations.RemoveField(model_name="historicalmember", name="mobile"),
        migrations.RenameField(
            model_name="member", old_name="id_number_enc", new_name="id_number"
        ),
        migrations.RenameField(
            model_name="member", old_name="mobile_enc", new_name="mobile"
        ),
        migrations.RenameField(
            model_name="historicalmember",
            old_name="id_number_enc",
            new_name="id_number",
        ),
        migrations.RenameField(
            model_name="historicalmember", old_name="mobile_enc", new_name="mobile"
        ),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.CheckConstraint(
                condition=Q(id_number__isnull=True, id_number_hash__isnull=True)
                | Q(id_number__isnull=False, id_number_hash__isnull=False),
                name="member_id_number_hashed",
                violation_error_message="身份证号缺少检索用的散列值。",
            ),
        ),
    ]
