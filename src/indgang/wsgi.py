import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
application = get_wsgi_application()

# Import every view now (with them NumPy, pandas, SciPy and scikit-learn: about 160,000
# long-lived objects), then keep those objects out of the garbage collector's full
# collections, which otherwise walk them all every few requests: 150-300 ms pauses that
# were most of the pages' p95 (docs/performance.md). With gunicorn's --preload the frozen
# objects are also shared by the workers instead of copied by the collector's writes.
get_resolver().url_patterns  # noqa: B018 (imports the views)
gc.collect()
gc.freeze()
