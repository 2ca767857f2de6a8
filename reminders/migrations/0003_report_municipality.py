# A report is an organisation's: one installation serves several, each with its own report months.
# The field is made required in 0004, in a transaction of its own: PostgreSQL does not alter a
# table whose rows were just given a (deferred) foreign key in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


def give_reports_to_the_first_organisation(apps, schema_editor):
    """Reports stored before there could be several organisations were the
    first organisation's (the one the installation then served)."""
    Report = apps.get_model("reminders", "Report")
    Municipality = apps.get_model("organisation", "Municipality")
    if not Report.objects.exists():
        return
    first = Municipality.objects.order_by("id").first()
    if first is None:
        raise RuntimeError("Det finns sparade redovisningar men ingen organisation att knyta dem till; "
                           "lägg in organisationen (load_organisation) och kör migreringen igen.")
    Report.objects.filter(municipality__isnull=True).update(municipality=first)


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0007_path_of_preparation'),
        ('reminders', '0002_mailing'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='municipality',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='organisation.municipality', verbose_name='organisation'),
        ),
        migrations.RunPython(give_reports_to_the_first_organisation, migrations.RunPython.noop),
    ]
