from django.db import migrations, models


def number_events(apps, schema_editor):
    """Each step made one version: the filing version 1, each event after it
    the next. Numbered only where the case's version agrees with its count of
    events, so that a number is never a guess."""
    Motion = apps.get_model("motions", "Motion")
    MotionEvent = apps.get_model("motions", "MotionEvent")
    for motion in Motion.objects.only("pk", "version").iterator():
        ids = list(MotionEvent.objects.filter(motion_id=motion.pk).order_by("id").values_list("id", flat=True))
        if len(ids) != motion.version:
            continue
        for version, pk in enumerate(ids, start=1):
            MotionEvent.objects.filter(pk=pk).update(version=version)


class Migration(migrations.Migration):

    dependencies = [
        ("motions", "0003_case_officer_and_corrections"),
    ]

    operations = [
        migrations.AddField(
            model_name="motionevent",
            name="version",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="version"),
        ),
        migrations.RunPython(number_events, migrations.RunPython.noop),
    ]
