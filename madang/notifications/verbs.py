"""What happened, as a notice's verb: one list for every app, so the inbox, the e-mails and the preferences speak
of the same events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    NEED_INVITED = "need_invited", _("You were invited to a need")
    SOLUTION_INTERESTED = "solution_interested", _("A provider is interested in your need")
    SOLUTION_DECLINED = "solution_declined", _("A provider declined your need")
    MATCH_SHORTLISTED = "match_shortlisted", _("Your solution was shortlisted")
    MATCH_CONTACTED = "match_contacted", _("A city contacted you about a need")
    MATCH_MESSAGE = "match_message", _("New message on a match")
    MEMBERSHIP_REQUESTED = "membership_requested", _("Someone asked to join an organisation")
    MEMBERSHIP_APPROVED = "membership_approved", _("Your membership was approved")
    MEMBERSHIP_REFUSED = "membership_refused", _("Your membership was refused")
    NETWORK_INVITED = "network_invited", _("Your organisation was invited to a network")
    VALUES_RETURNED = "values_returned", _("Values were returned for correction")
    VALUES_VALIDATED = "values_validated", _("Values were validated")
    INITIATIVE_PUBLISHED = "initiative_published", _("An initiative was published")
    INITIATIVE_SENT_BACK = "initiative_sent_back", _("An initiative was sent back")
    PILOT_DECIDED = "pilot_decided", _("A pilot was decided")
    CLASS_PLACE_FREED = "class_place_freed", _("A class place is free for you")
    FOLLOWED_CHANGED = "followed_changed", _("Something you follow changed")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("A proposal was submitted")
    PROPOSAL_SCORED = "proposal_scored", _("A proposal was scored")
    EVALUATOR_NAMED = "evaluator_named", _("You were asked to evaluate proposals")
