"""The one place matching lets a candidate's identity reach an employer: the consent gate in
candidates (employer, need, deadline, revocation), which writes an access-log row each time it
opens, in the name of the NAV user who shared the link."""

from candidates.selectors import candidate_identity_for_employer


def identity_for_employer(*, candidate, need, link) -> dict | None:
    return candidate_identity_for_employer(candidate=candidate, by=link.created_by, need=need)
