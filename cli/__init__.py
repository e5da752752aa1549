"""The `intake` command line (cli.main:main)."""
