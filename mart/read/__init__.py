"""The read functions by domain: filter the SQL models by parameters, apply access, label."""
