from django.db import migrations

from madang.assessment.standard import frameworks_ensure


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    frameworks_ensure(apps.get_model("assessment", "Framework"), apps.get_model("assessment", "Node"))


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
