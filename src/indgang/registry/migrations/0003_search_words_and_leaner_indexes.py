import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

from indgang.registry import bulk_load, search_index


class Migration(migrations.Migration):
    """The words of the names for the typo-tolerant search, GIN instead of GiST on
    PostgreSQL, and no separate index on three foreign keys the composite indexes serve
    (docs/decisions/0005-company-name-search.md, docs/performance.md)."""

    dependencies = [
        ("reference", "0002_load_reference_data"),
        ("registry", "0002_name_search_index"),
    ]

    operations = [
        # Backwards, SQLite has just remade registry_company without the FTS triggers.
        migrations.RunPython(migrations.RunPython.noop, search_index.install),
        migrations.AlterField(
            model_name="company",
            name="db07_section",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="companies",
                to="reference.db07section",
                verbose_name="DB07 section",
            ),
        ),
        migrations.AlterField(
            model_name="company",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="companies",
                to="reference.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.AlterField(
            model_name="productionunit",
            name="municipality",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="production_units",
                to="reference.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.AlterField(
            model_name="yearlyfigures",
            name="company",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="figures",
                to="registry.company",
                verbose_name="company",
            ),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                django.db.models.functions.text.Length("name"),
                models.F("name"),
                models.F("cvr"),
                name="registry_company_name_order",
            ),
        ),
        # SQLite remade registry_company above, dropping the FTS triggers: the FTS table
        # again, without row sizes; PostgreSQL swaps the GiST index for GIN.
        migrations.RunPython(search_index.reinstall, migrations.RunPython.noop),
        migrations.RunPython(bulk_load.drop_pattern_indexes, migrations.RunPython.noop),
        migrations.CreateModel(
            name="NameWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=300, unique=True)),
            ],
            options={
                "verbose_name": "word of a company name",
                "verbose_name_plural": "words of company names",
            },
        ),
        migrations.RunPython(search_index.install_words, search_index.remove_words),
    ]
