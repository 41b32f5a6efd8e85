"""A real bundle built from letters/ once per test session, and a Datasette
configured as `make serve` configures it (for test_site, test_docs and
test_browser)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_module(relative: str, name: str):
    """A repository file that is no package module (a plugin, a benchmark), imported under `name`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
JBZ = Path(sys.executable).with_name("jbz")
_BUNDLES: dict[str, Path] = {}


def build_bundle(tmp_path_factory) -> Path:
    """`jbz build --out <tmp>` on the real letters, plus dist/package/ as
    `make serve` stages it; built once per session."""
    if "bundle" not in _BUNDLES:
        out = tmp_path_factory.mktemp("bundle")
        proc = subprocess.run(
            [str(JBZ), "build", "--letters", str(ROOT / "letters"), "--out", str(out)],
            capture_output=True, text=True, cwd=ROOT,
        )
        assert proc.returncode == 0, proc.stderr
        package = out / "dist" / "package"
        package.mkdir()
        shutil.copy(out / "datapackage.json", package)
        shutil.copytree(out / "data", package / "data")
        _BUNDLES["bundle"] = out
    return _BUNDLES["bundle"]


def datasette_for(bundle: Path):
    """In-process Datasette with the bundle's files, the repo's plugin and
    templates, and jbz.site.SETTINGS: what `make serve` runs."""
    from datasette.app import Datasette

    from jbz.site import SETTINGS

    return Datasette(
        immutables=[str(bundle / "dist" / "jbz.db")],
        inspect_data=json.loads((bundle / "dist" / "inspect.json").read_text()),
        metadata=yaml.safe_load((bundle / "metadata.yml").read_text()),
        settings=SETTINGS,
        plugins_dir=str(ROOT / "plugins"),
        template_dir=str(ROOT / "templates"),
        static_mounts=[("package", str(bundle / "dist" / "package"))],
    )


class Client:
    """Synchronous wrapper around Datasette's test client."""

    def __init__(self, ds):
        self.ds = ds
        self.loop = asyncio.new_event_loop()

    def get(self, path: str, **kwargs):
        return self.loop.run_until_complete(self.ds.client.get(path, **kwargs))

    def post(self, path: str, **kwargs):
        return self.loop.run_until_complete(self.ds.client.post(path, **kwargs))

    def json(self, path: str):
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()

    def close(self):
        self.loop.close()
