"""Questionnaires: a small builder (choices, scales, free text) with every question in the four languages.

Pilots use it for their post-session questions; event surveys will too. The standard instruments (SUS, SEQ) are
locked templates: their wording and scales are what makes their scores comparable, so nobody edits them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.core.i18n import CONTENT_LANGUAGES, Localised, current_language
from madang.core.models import Organisation


def localised(texts: dict[str, str] | None, lang: str | None = None) -> Localised:
    """The text in the reader's language when written, else English (and the language it is in)."""
    texts = texts or {}
    lang = lang or current_language()
    if texts.get(lang):
        return Localised(texts[lang], lang)
    if texts.get("en"):
        return Localised(texts["en"], "en")
    for code in CONTENT_LANGUAGES:
        if texts.get(code):
            return Localised(texts[code], code)
    return Localised("", "en")


class Survey(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True, null=True, blank=True)
    title = models.JSONField(_("title"), default=dict)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), null=True, blank=True, on_delete=models.CASCADE, related_name="surveys"
    )
    is_template = models.BooleanField(_("template others can copy"), default=False)
    locked = models.BooleanField(_("standard instrument (cannot be edited)"), default=False)
    source = models.TextField(_("source"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-is_template", "id"]

    def __str__(self) -> str:
        return localised(self.title).text

    @property
    def name(self) -> Localised:
        return localised(self.title)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", pgettext_lazy("kind of question", "Scale")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.JSONField(_("question"), default=dict)
    required = models.BooleanField(_("required"), default=True)
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    low_label = models.JSONField(_("label of the lowest point"), default=dict, blank=True)
    high_label = models.JSONField(_("label of the highest point"), default=dict, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return localised(self.text).text

    @property
    def label(self) -> Localised:
        return localised(self.text)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.JSONField(_("label"), default=dict)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return localised(self.label).text


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"response {self.pk} to {self.survey}"


class Answer(models.Model):
    """`value`: an int (scale), a choice order (single), a list of choice orders (multiple) or a string (text)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="unique_answer")]

    def __str__(self) -> str:
        return f"answer to question {self.question_id}"
