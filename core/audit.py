"""The one way to change a model's fields, and the audit trail it writes.

    changed = model_update(instance, data=attrs, fields=EMPLOYER_FIELDS, by=by)

whitelists `data` against `fields` (an unknown field is a programming error: TypeError), sets the
values (many-to-many fields too), runs `prepare(instance)` for derived fields, validates with
full_clean(), saves only the columns that changed and writes one `AuditEntry` naming them. A new
(unsaved) instance is created instead and audited as such. It returns the changed field names, so
a service can react to a particular change.

Anything that changes a row without model_update (a bulk create, a delete, a status transition
through `core.transitions`) calls `audit_record` itself, in the same transaction. Every service
that changes a tracked object takes `by: User` and passes it on: the audit trail is how the
product answers "who changed this, and when".

Fields that hold personal data are named on the model as `AUDIT_IDENTITY_FIELDS`; for those the
trail records only *that* they changed, never the values, because the trail is insert-only and
would otherwise outlive an erasure.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from .models import AuditEntry


def identity_fields(instance_or_model) -> frozenset[str]:
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    return frozenset(getattr(model, "AUDIT_IDENTITY_FIELDS", ()))


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value (dates, decimals and UUIDs as strings)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset):
        return sorted(value)
    encoder = DjangoJSONEncoder()
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    try:
        return encoder.default(value)
    except TypeError:
        return str(value)


def change(instance_or_model, field: str, old: Any = None, new: Any = None) -> dict:
    """One entry of AuditEntry.changes, with the values left out for identity fields."""
    if field in identity_fields(instance_or_model):
        return {"field": field, "identity": True}
    return {"field": field, "old": _plain(old), "new": _plain(new)}


def audit_record(*, by, instance: models.Model, action: str, changes: Iterable[dict] = ()) -> AuditEntry:
    """Write one audit row for `instance` (insert-only). Call inside the change's transaction."""
    return AuditEntry.objects.create(
        user=by if by is not None and by.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=instance.pk,
        action=action,
        changes=list(changes),
    )


def audit_record_many(*, by, instances: Iterable[models.Model], action: str) -> int:
    """One row per instance in one INSERT (bulk imports, copies)."""
    rows = []
    for instance in instances:
        content_type = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
        user = by if by is not None and by.is_authenticated else None
        rows.append(
            AuditEntry(user=user, content_type=content_type, object_id=instance.pk, action=action, changes=[])
        )
    AuditEntry.objects.bulk_create(rows)
    return len(rows)


def audit_created(*, by, instance: models.Model, fields: Iterable[str] = ()) -> AuditEntry:
    changes = [change(instance, f, None, getattr(instance, f, None)) for f in fields]
    return audit_record(by=by, instance=instance, action=AuditEntry.Action.CREATE, changes=changes)


def audit_deleted(*, by, instance: models.Model) -> AuditEntry:
    return audit_record(by=by, instance=instance, action=AuditEntry.Action.DELETE)


def model_create(*, instance: models.Model, by, clean_exclude: Iterable[str] = ()) -> models.Model:
    """Validate a new row as the model and its constraints define it, save it and audit it."""
    with transaction.atomic():
        instance.full_clean(exclude=list(clean_exclude) or None)
        instance.save()
        audit_record(by=by, instance=instance, action=AuditEntry.Action.CREATE)
    return instance


def _snapshot(instance: models.Model) -> dict[str, Any]:
    return {f.name: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _stored(instance: models.Model) -> dict[str, Any]:
    """The row as the database holds it: a ModelForm bound to the instance has already set the new
    values on it, so the instance itself cannot tell what changed."""
    fields = instance._meta.concrete_fields
    row = type(instance)._base_manager.filter(pk=instance.pk).values_list(*(f.attname for f in fields)).get()
    return {f.name: value for f, value in zip(fields, row, strict=True)}


def model_update(
    instance: models.Model,
    *,
    data: dict[str, Any],
    fields: Iterable[str],
    by,
    prepare: Callable[[models.Model], None] | None = None,
    clean_exclude: Iterable[str] = (),
) -> list[str]:
    """Whitelist, set, validate, save what changed, audit. Returns the names of the changed fields.

    `prepare(instance)` runs after the values are set and before validation, for fields derived
    from others (a county from a municipality). Many-to-many fields in `data` are set after the
    save. Nothing changed: no save and no audit row.
    """
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"Unknown {type(instance).__name__} fields: {sorted(unknown)}")
    meta = instance._meta
    m2m_names = {f.name for f in meta.many_to_many}
    creating = instance._state.adding
    with transaction.atomic():
        before = {} if creating else _stored(instance)
        m2m_wanted = {name: list(value) for name, value in data.items() if name in m2m_names}
        for name, value in data.items():
            if name not in m2m_names:
                setattr(instance, name, value)
        if prepare is not None:
            prepare(instance)
        instance.full_clean(exclude=[*clean_exclude, *m2m_names])
        after = _snapshot(instance)
        if creating:
            instance.save()
            changed = [name for name in data if name not in m2m_names]
            changes = [change(instance, name, None, after.get(name)) for name in changed]
        else:
            changed = [name for name, value in after.items() if before.get(name) != value]
            changes = [change(instance, name, before[name], after[name]) for name in changed]
            if changed:
                update_fields = changed + (["updated_at"] if "updated_at" in after else [])
                instance.save(update_fields=update_fields)
        for name, wanted in m2m_wanted.items():
            manager = getattr(instance, name)
            old = set() if creating else set(manager.values_list("pk", flat=True))
            new = {obj.pk if isinstance(obj, models.Model) else obj for obj in wanted}
            if old != new:
                manager.set(wanted)
                changed.append(name)
                changes.append(change(instance, name, sorted(old), sorted(new)))
        if creating:
            audit_record(by=by, instance=instance, action=AuditEntry.Action.CREATE, changes=changes)
        elif changes:
            audit_record(by=by, instance=instance, action=AuditEntry.Action.UPDATE, changes=changes)
    return changed
