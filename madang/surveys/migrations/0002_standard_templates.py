from django.db import migrations

from madang.surveys.standard import templates_ensure


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    templates_ensure(apps.get_model("surveys", "Survey"), apps.get_model("surveys", "Question"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
