"""bench/baseline.py's pure parts: exporting a commit's tree and reading the worker its Procfile runs."""
import importlib
import subprocess

from gunicorn.workers.base import Worker

from bench.baseline import export, procfile_worker
from bench.common import ROOT


def test_the_worker_class_is_read_from_the_trees_own_procfile(tmp_path):
    (tmp_path / "Procfile").write_text("release: flask db upgrade\nweb: gunicorn --worker-class pkg.mod.Cls --workers 2 app\n")
    assert procfile_worker(tmp_path) == "pkg.mod.Cls"
    for spelled in ("-k pkg.mod.Cls", "--worker-class=pkg.mod.Cls"):
        (tmp_path / "Procfile").write_text(f"web: gunicorn {spelled} app\n")
        assert procfile_worker(tmp_path) == "pkg.mod.Cls"
    module, name = procfile_worker(ROOT).rsplit(".", 1)
    assert issubclass(getattr(importlib.import_module(module), name), Worker)


def test_a_commit_is_exported_as_its_files(tmp_path):
    tree = export("HEAD", tmp_path)
    committed = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:Procfile"], check=True, capture_output=True,
                               text=True).stdout
    assert (tree / "Procfile").read_text() == committed
    assert (tree / "server" / "__init__.py").is_file() and not (tree / ".git").exists()
