"""Add encrypted columns and keyed-hash columns beside the plaintext ones.

The next migration fills them; the one after drops the plaintext columns and
gives the encrypted ones their names.
"""

from django.db import migrations, models

import tongxin.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="id_number_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, unique=True
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="mobile_hash",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=64, null=True
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="id_number_enc",
            field=tongxin.core.fields.EncryptedTextField(
                blank=True,
                hash_field="id_number_hash",
                null=True,
                verbose_name="身份证号",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="mobile_enc",
            field=tongxin.core.fields.EncryptedTextField(
                blank=True, hash_field="mobile_hash", null=True, verbose_name="手机"
            ),
        ),
        migrations.AddField(
            model_name="historicalmember",
            name="id_number_enc",
            field=tongxin.core.fields.EncryptedTextField(
                blank=True,
                hash_field="id_number_hash",
                null=True,
                verbose_name="身份证号",
            ),
        ),
        migrations.AddField(
            model_name="historicalmember",
            name="mobile_enc",
            field=tongxin.core.fields.EncryptedTextField(
                blank=True, hash_field="mobile_hash", null=True, verbose_name="手机"
            ),
        ),
    ]
