"""Background jobs: imports and report batches that run in `styra worker`, not in a request.

django-tasks (with the django-tasks-db database backend, so SQLite and PostgreSQL both
work) carries a job to a worker; the `Job` row is what people see: who asked, what,
progress, and the result or the reason it failed. See docs/jobs.md.
"""
