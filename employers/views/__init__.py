"""Employer views, one module per area (the register, needs, import, networks); urls.py reads them here."""

from .imports import (  # noqa: F401
    ImportCreateView,
    ImportDetailView,
    ImportErrorsExportView,
)
from .needs import (  # noqa: F401
    NeedCreateView,
    NeedDetailView,
    NeedExportView,
    NeedListView,
    NeedTransitionView,
    NeedUpdateView,
)
from .networks import (  # noqa: F401
    NetworkCreateView,
    NetworkDetailView,
    NetworkListView,
    NetworkMeetingCreateView,
    NetworkUpdateView,
)
from .register import (  # noqa: F401
    ContactLogCreateView,
    ContactLogListView,
    ContactPersonDeleteView,
    ContactPersonFormView,
    EmployerCreateView,
    EmployerDetailView,
    EmployerExportView,
    EmployerListView,
    EmployerUpdateView,
    NoContactListView,
)
