from django.db import migrations

CODES = ["seniors", "disabilities", "low_income", "migrants", "children", "all_residents"]


def add_groups(apps, schema_editor):
    Group = apps.get_model("catalogue", "Group")
    for code in CODES:
        Group.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(add_groups, migrations.RunPython.noop)]
