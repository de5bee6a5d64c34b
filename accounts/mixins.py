"""View mixins over accounts.access, so every app checks rules the same way."""

from django.core.exceptions import ImproperlyConfigured

from .access import require


class RuleRequiredMixin:
    """Deny (403) unless `accounts.access.can(user, rule)`. Object rules are checked where the
    object is loaded (get_object), since the rule needs the object."""

    rule: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.rule:
            # Fail closed and loud: a view without a rule is a mistake, not an open page.
            raise ImproperlyConfigured(f"{type(self).__name__} names no access rule.")
        require(request.user, self.rule)
        return super().dispatch(request, *args, **kwargs)
