"""Core's background jobs (madang/core/jobs.py): slow results pages ask for (madang/core/computations.py)."""

from django_tasks import task

from . import computations


@task()
def run_computation(computation_id: str) -> str:
    return computations.computation_run(computation_id=computation_id)


@task()
def prune_computations() -> int:
    return computations.computations_prune()
