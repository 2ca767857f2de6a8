# The report's organisation required (filled in by 0003), and one report per organisation and day.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0003_report_municipality'),
    ]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='municipality',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='organisation.municipality', verbose_name='organisation'),
        ),
        migrations.AlterField(
            model_name='report',
            name='as_of',
            field=models.DateField(verbose_name='per datum'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(fields=('municipality', 'as_of'),
                                               name='report_once_per_organisation_and_day'),
        ),
        migrations.AlterModelOptions(
            name='report',
            options={'ordering': ['-as_of', 'municipality_id'],
                     'verbose_name': 'redovisning av ej färdigberedda motioner',
                     'verbose_name_plural': 'redovisningar av ej färdigberedda motioner'},
        ),
    ]
