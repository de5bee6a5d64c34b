"""The one place matching lets a candidate's identity reach an employer: through the consent
gate in candidates, for this employer and need, access-logged."""

from candidates.models import AccessLogEntry
from candidates.selectors import candidate_identity_for_employer
from candidates.services import access_log_record


def identity_for_employer(*, candidate, need, link) -> dict | None:
    """Name and contact details when the candidate has a valid consent for this employer;
    each opening writes an access-log row in the name of the NAV user who shared the link."""
    identity = candidate_identity_for_employer(candidate=candidate, employer_orgnr=need.employer.orgnr)
    if identity is not None:
        access_log_record(user=link.created_by, candidates=[candidate], page=AccessLogEntry.Page.LIST)
    return identity
