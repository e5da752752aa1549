"""A PostgreSQL server for the registry tests: $INTAKE_TEST_PG_URL where .ci/run started one,
else a throwaway cluster started here on loopback from Debian's postgresql package."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.net import free_port as _free_port


class Server:
    def __init__(self) -> None:
        given = os.environ.get("INTAKE_TEST_PG_URL")
        self.dir: Path | None = None
        self.bin: Path | None = None
        if given:
            self.url = given
            return
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise RuntimeError(
                "PostgreSQL is needed for the registry tests: apt-get install postgresql "
                "(bash tests/run.sh does it), or set INTAKE_TEST_PG_URL"
            )
        self.bin = Path(bins[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="intake-pg-"))
        self.port = _free_port()
        as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if as_user:
            shutil.chown(self.dir, "postgres")
        self._run(
            as_user
            + [
                str(self.bin / "initdb"),
                "-D",
                str(self.dir / "data"),
                "-A",
                "trust",
                "-U",
                "intake",
                "--no-sync",
            ]
        )
        self._run(
            as_user
            + [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.dir / "data"),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-o",
                f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        )
        self.as_user = as_user
        self.url = f"postgresql+psycopg2://intake@127.0.0.1:{self.port}/postgres"

    @staticmethod
    def _run(cmd: list[str]) -> None:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stdout[-500:]} {proc.stderr[-500:]}")

    def new_database(self) -> str:
        """A fresh database on the server, its SQLAlchemy URL."""
        from sqlalchemy import create_engine, text

        name = "t_" + uuid.uuid4().hex[:12]
        eng = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        eng.dispose()
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        if self.dir is not None and self.bin is not None:
            subprocess.run(
                self.as_user + [str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"],
                capture_output=True,
                timeout=60,
            )
            shutil.rmtree(self.dir, ignore_errors=True)
