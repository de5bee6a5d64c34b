"""The one way to move a row through a state machine (need, follow-up, enrolment; booking, event
and placement next).

Declare the machine once, beside the service that uses it:

    NEED_MACHINE = StateMachine(
        model=Need,
        transitions={S.DRAFT: {S.OPEN, S.WITHDRAWN}, S.OPEN: {...}, ...},
        history=lambda need, source, target, by, note="": NeedEvent.objects.create(...),
        error=_("Behovet kan ikke gå fra «%(from)s» til «%(to)s»."),
    )

and change state only through `transition(NEED_MACHINE, instance=need, to=S.OPEN, by=user)`. It
locks the row (SELECT … FOR UPDATE), checks the declared table (and an optional guard), sets the
status, lets `apply(locked, source)` set what goes with it, saves, writes the machine's history row
and an audit row (core.audit), all in one transaction. A refused step raises `TransitionError`,
the one error type of every state machine: a ValidationError, so forms and views show it like any
other service error.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .audit import audit_record, change
from .models import AuditEntry


class TransitionError(ValidationError):
    """A state change the machine's table (or guard) does not allow."""

    def __str__(self) -> str:
        return " ".join(self.messages)


@dataclass(frozen=True)
class StateMachine:
    model: type[models.Model]
    # from state -> the states it may go to; a state missing here is final.
    transitions: Mapping[str, Collection[str]]
    # Writes the history row: history(locked, source, target, by, **history_kwargs).
    history: Callable[..., Any]
    # Shown when a step is refused; may use %(from)s and %(to)s (the states' labels).
    error: str
    field: str = "status"
    # Refuses a step for reasons beyond the table (raise TransitionError); gets the locked row.
    guard: Callable[[models.Model, str], None] | None = None

    def allowed(self, state: str) -> set[str]:
        return set(self.transitions.get(state, ()))

    def label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.field).flatchoices)
        return str(choices.get(state, state))


def transition(
    machine: StateMachine,
    *,
    instance: models.Model,
    to: str,
    by,
    apply: Callable[[models.Model, str], list[str] | None] | None = None,
    **history_kwargs: Any,
) -> models.Model:
    """Check, apply and record one step; returns the locked, updated row (and updates `instance`).

    `apply(locked, source)` may set further fields and returns their names, so they are saved and
    audited with the status.
    """
    field = machine.field
    with transaction.atomic():
        locked = machine.model._base_manager.select_for_update(of=("self",)).get(pk=instance.pk)
        source = getattr(locked, field)
        if to not in machine.allowed(source):
            raise TransitionError(
                machine.error % {"from": machine.label(source), "to": machine.label(to)},
                code="invalid_transition",
            )
        if machine.guard is not None:
            machine.guard(locked, to)
        before = {f.name: getattr(locked, f.attname) for f in locked._meta.concrete_fields}
        setattr(locked, field, to)
        extra = (apply(locked, source) or []) if apply is not None else []
        fields = [field, *extra]
        if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
            fields.append("updated_at")
        locked.save(update_fields=fields)
        machine.history(locked, source, to, by, **history_kwargs)
        after = {f.name: getattr(locked, f.attname) for f in locked._meta.concrete_fields}
        audit_record(
            by=by,
            instance=locked,
            action=AuditEntry.Action.TRANSITION,
            changes=[
                change(locked, name, before[name], after[name])
                for name in [field, *extra]
                if name == field or before[name] != after[name]
            ],
        )
    for f in locked._meta.concrete_fields:
        setattr(instance, f.attname, getattr(locked, f.attname))
    return locked
