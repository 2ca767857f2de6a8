from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0004_answer_documents_data"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="referralresponse",
            name="document",
        ),
    ]
