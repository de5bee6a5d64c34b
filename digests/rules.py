"""Rules for the weekly market e-mail.

- Preferences: every NAV user (opt out, or add regions and so subscribe).
- Preview («Ukens markeds-e-post»): market coordinators, for users in their regions; admins for all.
- Unsubscribe through the signed link needs no login and no rule (the signature is the check).
"""

from accounts.access import county_ids, is_admin, roles_of, rule
from accounts.models import Role


@rule("digests.preferences")
def _preferences(user, obj=None):
    return is_admin(user) or bool(roles_of(user))


@rule("digests.preview")
def _preview(user, recipient=None):
    if is_admin(user):
        return True
    regions = county_ids(user, Role.MARKEDSKOORDINATOR)
    if not regions:
        return False
    if recipient is None:
        return True
    return bool(regions & {m.unit.county_id for m in recipient.memberships.select_related("unit")})
