import django.utils.timezone
from django.db import migrations, models


def _stamps(model):
    # Rows made before: stamped with the migration's time.
    return [
        migrations.AddField(model_name=model, name="created_at", field=models.DateTimeField(
            auto_now_add=True, default=django.utils.timezone.now, verbose_name="skapad"), preserve_default=False),
        migrations.AddField(model_name=model, name="modified_at", field=models.DateTimeField(
            auto_now=True, verbose_name="ändrad")),
    ]


class Migration(migrations.Migration):
    """When the reference data was made and last changed: the open data's `created` and `modified`."""

    dependencies = [
        ("organisation", "0011_meeting_list_indexes"),
    ]

    operations = [operation for model in ("municipality", "body", "person", "membership") for operation in _stamps(model)]
