"""Job kinds of the web app: the uploads in the browser (`styra.web.uploads.jobs`).

Django loads each app's `jobs` module when it starts (`styra.jobs.apps`); the upload
kinds live with the upload pages, and this module is how they are found.
"""

from .uploads.jobs import assessments_upload, plan_upload, register_upload, statistics_upload

__all__ = ["assessments_upload", "plan_upload", "register_upload", "statistics_upload"]
