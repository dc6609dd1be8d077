"""Model helper shared by every app; it imports no app of the project."""

from django.db import models


class ChecksMirroredInClean:
    """For models whose CheckConstraints are all mirrored in clean().

    clean() reports each rule in German on the field concerned; full_clean()
    then skips the CheckConstraints so one mistake is not reported twice (once
    more as a generic "constraint violated"). Unique constraints still run.
    The database keeps enforcing every constraint.
    """

    def get_constraints(self):
        return [
            (model, [c for c in constraints if not isinstance(c, models.CheckConstraint)])
            for model, constraints in super().get_constraints()
        ]
