"""Errors that list every problem found, so a bad file is fixed in one pass."""

from __future__ import annotations


class CompositeError(ValueError):
    """Base of the engine's input errors; `.problems` holds one plain sentence per problem."""

    what = "input"

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the {self.what}:\n{lines}")


class MetaError(CompositeError):
    """The indicator metadata (iMeta) does not describe a valid tree."""

    what = "indicator metadata (iMeta)"


class DataError(CompositeError):
    """The unit data (iData) do not fit the tree, or a step cannot be computed on them."""

    what = "unit data (iData)"


class SpecError(CompositeError):
    """The spec names an unknown method, parameter or code, or a parameter has a bad value."""

    what = "spec"
