"""gunicorn (production): access and error lines through Django's LOGGING, so 11-digit numbers in
paths and query strings are masked like every other log line (core.logging)."""


def post_worker_init(worker):
    from core.logging import install_masking

    install_masking()


accesslog = "-"
errorlog = "-"
