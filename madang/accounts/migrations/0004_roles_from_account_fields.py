"""Today's single keys become rows: an editor of an organisation edits for it, a network admin administers the
network. `User.role`, `organisation` and `network` stay as they were (the kind of account and where it started),
but no permission reads them after this."""

from django.db import migrations

EDITOR_ROLES = ("city_editor", "provider_editor")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("accounts", "User")
    OrganisationRole = apps.get_model("accounts", "OrganisationRole")
    NetworkAdmin = apps.get_model("accounts", "NetworkAdmin")
    for user in User.objects.filter(organisation__isnull=False).only("pk", "role", "organisation_id"):
        role = "editor" if user.role in EDITOR_ROLES else "member"
        OrganisationRole.objects.get_or_create(
            user_id=user.pk, organisation_id=user.organisation_id, defaults={"role": role}
        )
    for user in User.objects.filter(role="network_admin", network__isnull=False).only("pk", "network_id"):
        NetworkAdmin.objects.get_or_create(user_id=user.pk, network_id=user.network_id)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The rows are dropped with their tables; the old fields were never changed."""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_organisation_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
