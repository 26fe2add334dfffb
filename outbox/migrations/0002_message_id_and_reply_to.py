from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="message_id",
            field=models.CharField(
                blank=True, max_length=250, null=True, unique=True, verbose_name="Message-ID"
            ),
        ),
        migrations.AddField(
            model_name="outboundemail",
            name="reply_to",
            field=models.CharField(blank=True, default="", max_length=250, verbose_name="reply to"),
        ),
    ]
