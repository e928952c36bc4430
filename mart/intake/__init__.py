"""The intake: the upload contract, reading and checking files, the one ingestion path, the upload log."""
