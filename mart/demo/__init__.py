"""The FICTIONAL demo region: its files, loaded through the ingestion path. Not imported in production."""
