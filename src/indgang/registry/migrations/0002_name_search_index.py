from django.db import migrations

from indgang.registry import search_index


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(search_index.install, search_index.remove)]
