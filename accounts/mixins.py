"""View mixins over accounts.access, so every app checks rules the same way.

- `RuleRequiredMixin`: a page that needs an action the user may do at all (`rule = "app.action"`).
- `ObjectRuleMixin`: a page about one object the URL names. It loads the object through the app's
  scoped selector (`load_object`, which returns None for a row the user may not see) and checks
  `object_rule` on it before anything else runs. The one not-found convention: a missing object
  and one the user may not see are both 404, so a URL never tells whether the row exists; an
  object the user sees but may not act on (`object_rule` denied) is 403.
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.functional import cached_property

from .access import require


class RuleRequiredMixin:
    """Deny (403) unless `accounts.access.can(user, rule)`. Object rules are checked by
    ObjectRuleMixin, since the rule needs the object."""

    rule: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.rule:
            # Fail closed and loud: a view without a rule is a mistake, not an open page.
            raise ImproperlyConfigured(f"{type(self).__name__} names no access rule.")
        require(request.user, self.rule)
        return super().dispatch(request, *args, **kwargs)


class ObjectRuleMixin:
    """Load the URL's object through a scoped selector, 404 when missing or not visible, then
    require `object_rule` on it (403). The object is `self.object` and, in the template context,
    `context_object_name`; app mixins add a named alias (`self.employer`)."""

    object_rule: str = ""
    context_object_name: str = "object"

    def load_object(self):
        """Return the object for self.kwargs through a selector scoped to self.request.user,
        or None when it does not exist or the user may not see it."""
        raise NotImplementedError

    @cached_property
    def object(self):
        if not self.object_rule:
            raise ImproperlyConfigured(f"{type(self).__name__} names no object rule.")
        obj = self.load_object()
        if obj is None:
            raise Http404
        require(self.request.user, self.object_rule, obj)
        return obj

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object  # noqa: B018 – check access before anything else happens
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), self.context_object_name: self.object}
