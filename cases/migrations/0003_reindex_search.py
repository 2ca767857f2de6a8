from django.db import migrations


def reindex(apps, schema_editor):
    # Cases registered before the search index was kept; a new database has none.
    if not apps.get_model("motions", "Motion").objects.exists():
        return
    from cases.management.commands.reindex_search import reindex_search

    reindex_search()


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0002_removed_case_files"),
        ("motions", "0009_search_entries"),
        ("referrals", "0007_case_list_body_index"),
        ("decisions", "0008_render_job_sent_and_heartbeat"),
    ]

    operations = [
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
