from django.db import migrations, models
from django.db.models import F


def mark_withdrawn_as_erased(apps, schema_editor):
    # Withdrawal has always erased contacts at once; record that so the daily job's bookkeeping is complete.
    Tester = apps.get_model("pilots", "Tester")
    Tester.objects.filter(withdrawn_at__isnull=False).update(erased_at=F("withdrawn_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0003_pilot_survey_pilot_test_starts_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="tester",
            name="erased_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="contact details erased"),
        ),
        migrations.RunPython(mark_withdrawn_as_erased, migrations.RunPython.noop),
    ]
