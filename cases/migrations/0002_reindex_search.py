from django.db import migrations


def reindex(apps, schema_editor):
    # Cases registered before the search index was kept; a new database has none.
    if not apps.get_model("motions", "Motion").objects.exists():
        return
    from cases.management.commands.reindex_search import reindex_search

    reindex_search()


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_initial"),
        ("motions", "0008_search_entries"),
        ("referrals", "0006_referral_steps"),
        ("decisions", "0007_rectification"),
    ]

    operations = [
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
