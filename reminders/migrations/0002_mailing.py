# An e-mail the deadline watch sends is a Mailing; "notice" is the notice of signed minutes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reminders", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Notice", "Mailing"),
        migrations.AlterField(
            model_name="mailing",
            name="recipient",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="mailings", to=settings.AUTH_USER_MODEL,
                verbose_name="mottagare",
            ),
        ),
        migrations.RenameIndex("mailing", new_name="mailing_unsent_idx", old_name="notice_unsent_idx"),
        migrations.RemoveConstraint("mailing", "notice_once_per_recipient"),
        migrations.AddConstraint(
            "mailing",
            models.UniqueConstraint(fields=("kind", "key", "recipient"), name="mailing_once_per_recipient"),
        ),
    ]
