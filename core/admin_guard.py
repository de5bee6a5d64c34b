"""The admin is not a way to ask questions about a person (issue 10, item 1).

Django's admin answers URL lookups on any local field (`?fodselsnummer__startswith=1`), sorts by
any column (`?o=2`) and searches `search_fields`: each is an oracle that rebuilds a fødselsnummer
or a name one character at a time from "1 kandidat" / "0 kandidater". Every admin registered on
the site is wrapped in `IdentityGuardMixin` (by `GuardedAdminSite.register`), which refuses
lookups, ordering, search, filters and date hierarchies that touch an identity field of any model
on the path, whatever the admin class declares.

Identity fields of a model are its `IDENTITY_FIELDS` attribute plus every field whose name is one
of `PERSONAL_FIELD_NAMES`, so a new model with a `phone` or `fodselsnummer` field is guarded
without anyone remembering to declare it.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, OrderBy
from django.db.models.constants import LOOKUP_SEP

PERSONAL_FIELD_NAMES = frozenset(
    {
        "first_name",
        "last_name",
        "full_name",
        "fodselsnummer",
        "birth_date",
        "phone",
        "email",
        "address",
        "benefit",
        "innsatsgruppe",
        "notes",
    }
)


def identity_fields(model) -> frozenset[str]:
    declared = set(getattr(model, "IDENTITY_FIELDS", ()))
    named = {f.name for f in model._meta.get_fields() if f.name in PERSONAL_FIELD_NAMES}
    return frozenset(declared | named)


def touches_identity(model, path: str) -> bool:
    """True if the lookup/ordering path reaches an identity field of any model on the way."""
    path = path.lstrip("-+=^@")
    for part in path.split(LOOKUP_SEP):
        if part in identity_fields(model):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup or transform ("startswith", "year"): the path ends here
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def _ordering_touches_identity(model, term) -> bool:
    if isinstance(term, str):
        return touches_identity(model, term)
    expression = term.expression if isinstance(term, OrderBy) else term
    if isinstance(expression, F):
        return touches_identity(model, expression.name)
    return False


class GuardedChangeList(ChangeList):
    def get_ordering_field(self, field_name):
        order_field = super().get_ordering_field(field_name)
        if order_field and _ordering_touches_identity(self.model, order_field):
            return None
        return order_field

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        safe = [term for term in ordering if not _ordering_touches_identity(self.model, term)]
        return safe or ["-pk"]


class IdentityGuardMixin:
    """Put first in the bases of any ModelAdmin (GuardedAdminSite does it for every admin)."""

    def _safe(self, paths):
        return [p for p in paths if not touches_identity(self.model, p)]

    def lookup_allowed(self, lookup, value, request=None):
        if touches_identity(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        return self._safe(super().get_search_fields(request))

    def get_list_filter(self, request):
        safe = []
        for entry in super().get_list_filter(request):
            path = entry[0] if isinstance(entry, list | tuple) else entry
            if isinstance(path, str) and touches_identity(self.model, path):
                continue
            safe.append(entry)
        return safe

    def get_sortable_by(self, request):
        columns = super().get_sortable_by(request)
        return [c for c in columns if not (isinstance(c, str) and touches_identity(self.model, c))]

    def get_ordering(self, request):
        return self._safe(super().get_ordering(request) or ())

    def get_changelist(self, request, **kwargs):
        if self.date_hierarchy and touches_identity(self.model, self.date_hierarchy):
            self.date_hierarchy = None
        return GuardedChangeList


def guarded(admin_class):
    if issubclass(admin_class, IdentityGuardMixin):
        return admin_class
    return type(
        admin_class.__name__, (IdentityGuardMixin, admin_class), {"__module__": admin_class.__module__}
    )


class GuardedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)
