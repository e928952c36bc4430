"""The platform: config, the connection and writer, migrations, seeds, models, checks, build, rebuild."""
