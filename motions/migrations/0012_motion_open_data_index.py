from django.db import migrations, models


class Migration(migrations.Migration):
    """An organisation's papers in the open data (public.oparl), read in the order of their ids."""

    dependencies = [
        ("motions", "0011_motion_submission"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="motion",
            index=models.Index(fields=["municipality", "id"], name="motion_organisation_id_idx"),
        ),
    ]
