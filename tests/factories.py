import factory
from factory.django import DjangoModelFactory

from madang.accounts.models import NetworkAdmin, OrganisationRole, User
from madang.catalogue.models import Initiative, InitiativeTranslation
from madang.core import roles
from madang.core.models import Membership, Network, Organisation, Place


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    kind = "city"
    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    parent = factory.LazyAttribute(
        lambda o: (
            PlaceFactory(kind="country", code="XX", name="Testland", slug="testland", parent=None)
            if o.kind == "city"
            else None
        )
    )
    population = 100_000
    latitude = 37.5
    longitude = 127.0


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"network-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    kind = "city"
    city = None
    # The first local-government organisation made for a city governs it, as a city hall does; later ones (a
    # district office, an agency) are only located there. Pass governs=None or governs=place to say otherwise.
    governs = factory.LazyAttribute(
        lambda o: (
            o.city
            if o.kind == "city" and o.city is not None and not Organisation.objects.filter(governs=o.city).exists()
            else None
        )
    )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    network = factory.SubFactory(NetworkFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct-horse-battery")
    role = "citizen"

    @factory.post_generation
    def memberships(self, create, extracted, **kwargs):
        """`UserFactory(role="city_editor", organisation=org)` and `UserFactory(role="network_admin", network=net)`
        keep meaning what they meant: rows in OrganisationRole and NetworkAdmin, which permissions read. By default
        an editor for the editor kinds of account and a member otherwise, as the data migration did;
        `memberships="admin"` says otherwise."""
        if not create:
            return
        grant_roles(self, org_role=extracted)


def grant_roles(user, *, org_role=None):  # type: ignore[no-untyped-def]
    if user.organisation_id is not None:
        role = org_role or ("editor" if user.role in ("city_editor", "provider_editor") else "member")
        OrganisationRole.objects.update_or_create(
            user=user, organisation_id=user.organisation_id, defaults={"role": role}
        )
    if user.role == "network_admin" and user.network_id is not None:
        NetworkAdmin.objects.get_or_create(user=user, network_id=user.network_id)
    roles.forget(user)


class OrganisationRoleFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationRole
        django_get_or_create = ("user", "organisation")

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "editor"


class NetworkAdminFactory(DjangoModelFactory):
    class Meta:
        model = NetworkAdmin
        django_get_or_create = ("user", "network")

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"initiative-{n}")
    owner = factory.SubFactory(OrganisationFactory)
    original_language = "en"
    domain = "open_inclusive"
    city = factory.SubFactory(PlaceFactory)
    stage = "pilot"
    is_published = True

    @factory.post_generation
    def translations(self, create, extracted, **kwargs):
        if not create:
            return
        for lang, (title, summary) in (extracted or {"en": (f"Title of {self.slug}", "A short summary.")}).items():
            InitiativeTranslation.objects.create(
                initiative=self,
                language=lang,
                title=title,
                summary=summary,
                body="Body text.",
                origin="human" if lang == self.original_language else "machine",
            )
