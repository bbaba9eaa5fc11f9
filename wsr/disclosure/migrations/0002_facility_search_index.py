"""The public facility search index (wsr.disclosure.search_index; decision 0034)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from wsr.disclosure.search_index import install

    install(schema_editor.connection)


def backwards(apps, schema_editor):
    from wsr.disclosure.search_index import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial"), ("registry", "0003_facility_os_id_import_undone")]

    operations = [migrations.RunPython(forwards, backwards)]
