#!/bin/sh
# intake with --no-prefect placed after the subcommand (the scorer puts its arguments after the command)
sub="$1"; shift
exec python -m cli "$sub" --no-prefect "$@"
