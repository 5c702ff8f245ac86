"""The reporting warehouse: models, migrations, loaders and reporting views."""
