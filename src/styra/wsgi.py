"""The WSGI application that `styra serve --production` (gunicorn) serves.

After loading, the objects that live as long as the process (Django, the apps and
their models, settings, translations) are moved out of the garbage collector's reach
with `gc.freeze()`. Otherwise every full collection walks those few hundred thousand
objects again; on a page that allocates many objects (a large organisation's dashboard)
a full collection falls every few requests and costs it about 100 ms, which made the
95th percentile twice the median (bench/results/dashboard-*.md). Each gunicorn worker
imports this module itself, so each freezes its own heap.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styra.settings.production")
application = get_wsgi_application()

gc.collect()
gc.freeze()
