"""The database cache's table (settings.CACHES): the rate limits' counters live there, shared
by every worker process. Made by `indgang migrate`, so `make run` and every deployment have
it; Django's test runner makes it for the test databases too."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
