# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Questionnaires: editors build them for their organisation; standard instruments are locked for everyone."""

import rules

from madang.catalogue.rules import is_editor, is_network_admin


@rules.predicate
def is_template(user, survey) -> bool:  # type: ignore[no-untyped-def]
    return survey is not None and survey.is_template


@rules.predicate
def is_owner_editor(user, survey) -> bool:  # type: ignore[no-untyped-def]
    return (
        survey is not None
        and is_editor(user)
        and survey.owner_id is not None
        and (survey.owner_id == user.organisation_id)
    )


@rules.predicate
def is_unlocked(user, survey) -> bool:  # type: ignore[no-untyped-def]
    return survey is not None and not survey.locked


rules.add_perm("surveys.add_survey", is_editor | is_network_admin)
rules.add_perm("surveys.view_survey", is_template | is_owner_editor)
rules.add_perm("surveys.change_survey", is_owner_editor & is_unlocked)
