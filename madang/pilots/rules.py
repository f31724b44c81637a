# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Pilot roles: the manager (the city organisation's editors), hosts (their own site only), the provider's team."""

import rules

from madang.catalogue.rules import is_editor


@rules.predicate
def is_manager(user, pilot) -> bool:  # type: ignore[no-untyped-def]
    return pilot is not None and is_editor(user) and pilot.manager_id == user.organisation_id


@rules.predicate
def is_team(user, pilot) -> bool:  # type: ignore[no-untyped-def]
    return pilot is not None and is_editor(user) and pilot.solution.organisation_id == user.organisation_id


@rules.predicate
def is_host(user, pilot) -> bool:  # type: ignore[no-untyped-def]
    return pilot is not None and user.is_authenticated and pilot.sites.filter(hosts=user).exists()


@rules.predicate
def hosts_testers_site(user, tester) -> bool:  # type: ignore[no-untyped-def]
    return tester is not None and tester.site_id is not None and tester.site.hosts.filter(pk=user.pk).exists()


@rules.predicate
def manages_testers_pilot(user, tester) -> bool:  # type: ignore[no-untyped-def]
    return tester is not None and is_manager(user, tester.pilot)


@rules.predicate
def is_city_editor(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(is_editor(user) and user.role == "city_editor" and user.organisation_id)


@rules.predicate
def is_public(user, pilot) -> bool:  # type: ignore[no-untyped-def]
    return pilot is not None and (pilot.phase != "plan" or pilot.report_published_at is not None)


@rules.predicate
def report_is_published(user, pilot) -> bool:  # type: ignore[no-untyped-def]
    return pilot is not None and pilot.report_published_at is not None


@rules.predicate
def manages_sites_pilot(user, site) -> bool:  # type: ignore[no-untyped-def]
    return site is not None and is_manager(user, site.pilot)


@rules.predicate
def hosts_site(user, site) -> bool:  # type: ignore[no-untyped-def]
    return site is not None and user.is_authenticated and site.hosts.filter(pk=user.pk).exists()


rules.add_perm("pilots.add_pilot", is_city_editor)
rules.add_perm("pilots.view_pilot", is_public | is_manager | is_team | is_host)
rules.add_perm("pilots.change_pilot", is_manager)
rules.add_perm("pilots.record_results", is_manager | is_host)
rules.add_perm("pilots.view_report", report_is_published | is_manager | is_team | is_host)
rules.add_perm("pilots.view_panel", is_manager | is_host)
rules.add_perm("pilots.record_change", is_manager | is_team)
rules.add_perm("pilots.record_for_tester", manages_testers_pilot | hosts_testers_site)
rules.add_perm("pilots.register_at_site", manages_sites_pilot | hosts_site)
# Names and contacts: the manager, and a host only for testers of their own site. Never the provider's team.
rules.add_perm("pilots.view_tester_contact", manages_testers_pilot | hosts_testers_site)
rules.add_perm("pilots.register_tester", is_manager | is_host)
