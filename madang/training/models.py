"""Digital-literacy training: courses a city runs, their sessions, registrations with a waitlist, and messages.

Contacts are the only personal data: a name, a phone number or an e-mail address, and accessibility needs the
person chooses to tell. They are erased when the person cancels, and at the latest RETENTION_DAYS after the class.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core.models import Helpline, HelplineOverride, Organisation, Place
from madang.surveys.models import Response, Survey


class Course(HelplineOverride):
    class Level(models.TextChoices):
        FIRST_STEPS = "first_steps", _("First steps: never used a smartphone")
        BASIC = "basic", _("Basic: calls and messages, want to do more")
        PRACTICE = "practice", _("Practice: use apps, want to do a task alone")

    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="training_courses"
    )
    city = models.ForeignKey(Place, verbose_name=_("city"), on_delete=models.PROTECT, related_name="training_courses")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what you will learn"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.FIRST_STEPS)
    language = models.CharField(_("language of the class"), max_length=10, choices=settings.LANGUAGES, default="ko")
    accessibility_notes = models.TextField(
        _("accessibility"), blank=True,
        help_text=_("Step-free access, hearing loop, large-print handouts, devices to borrow, sign language ..."),
    )  # fmt: skip
    survey = models.ForeignKey(
        Survey, verbose_name=_("questionnaire after each session"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="training_courses",
    )  # fmt: skip
    is_published = models.BooleanField(_("shown to the public"), default=True)
    is_example = models.BooleanField(_("example data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def helpline(self) -> Helpline | None:
        """Where to phone to register or ask: the organiser's own line for this course, else the city's."""
        own = self.own_helpline(owner=self.organiser.display_name(), language=self.language)
        return own or self.city.helpline()


class Session(models.Model):
    """One class of a course. `seats_taken` counts confirmed registrations; the database refuses more than
    `capacity` (check constraint), and services change it only while holding the session's lock."""

    class PlaceKind(models.TextChoices):
        VENUE = "venue", _("At a place (centre, library, office)")
        MOBILE = "mobile", _("Mobile classroom (education bus)")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place_kind = models.CharField(_("kind of place"), max_length=10, choices=PlaceKind.choices, default="venue")
    place_name = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address or stop"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    seats_taken = models.PositiveSmallIntegerField(default=0, editable=False)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trainer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="training_sessions",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="training_seats_within_capacity"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="training_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not marked")
        ATTENDED = "attended", _("Came")
        NO_SHOW = "no_show", _("Did not come")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accessibility_needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    language = models.CharField(_("language for messages"), max_length=10, choices=settings.LANGUAGES, default="en")
    consent_version = models.CharField(_("privacy text version"), max_length=20)
    consented_at = models.DateTimeField(_("agreed"))
    retain_until = models.DateField(_("keep contact details until"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by (staff)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_registrations",
    )
    # The person's private link: see, cancel and answer the questionnaire without an account.
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved up from the waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True, default="")
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["session", "status", "id"])]
        constraints = [
            # The same phone or e-mail holds one place (or one waitlist entry) per session.
            models.UniqueConstraint(
                fields=["session", "phone"], condition=Q(status__in=["confirmed", "waitlisted"]) & ~Q(phone=""),
                name="training_one_active_registration_per_phone",
            ),
            models.UniqueConstraint(
                fields=["session", "email"], condition=Q(status__in=["confirmed", "waitlisted"]) & ~Q(email=""),
                name="training_one_active_registration_per_email",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"registration {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)

    @property
    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = Registration.objects.filter(session_id=self.session_id, status=self.Status.WAITLISTED, pk__lt=self.pk)
        return ahead.count() + 1


class Notification(models.Model):
    """An outbox row: queued in the transaction that causes it, sent after commit (or by the command, again).

    One row per (registration, kind, channel), so a reminder cannot be queued, or sent, twice."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registration received")
        PROMOTED = "promoted", _("A seat became free")
        REMINDER = "reminder", _("Reminder the day before")
        QUESTIONNAIRE = "questionnaire", _("Questionnaire after the class")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message (SMS)")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    dropped_at = models.DateTimeField(null=True, blank=True, help_text=_("No longer needed, e.g. cancelled."))
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind", "channel"], name="training_notification_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.channel} for registration {self.registration_id}"
