"""The shape of the package, checked on its source: layers import downward only, public APIs of
nbconvert and jupyter_client only, no sys.modules patching, no regency named in the code, and
the package list of pyproject.toml equal to the folders of lib/monev."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "monev"
LAYERS = ("model", "engine", "data", "app", "present", "report", "commands")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "monev" and parts[1] in LAYERS:
        return parts[1]
    return None


def test_layers_import_downward_only():
    upward = []
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        own = rel.parts[0] if len(rel.parts) > 1 and rel.parts[0] in LAYERS else None
        if own is None:
            continue
        for line, module in _imports(path):
            other = _layer(module)
            if other is not None and LAYERS.index(other) > LAYERS.index(own):
                upward.append(f"{rel}:{line} imports {module}")
    assert upward == []


@pytest.mark.parametrize(
    "attribute",
    ["_init_resources", "_nb_metadata", "_handle_kernel_info_reply", "_async_is_alive"],
)
def test_no_private_nbconvert_or_jupyter_client_attribute(attribute):
    hits = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in _modules()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if f".{attribute}" in line
    ]
    assert hits == []


def test_no_sys_modules_patching():
    hits = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            target = (
                node.func.value
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                else None
            )
            if isinstance(node, ast.Subscript):
                target = node.value
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "modules"
                and isinstance(target.value, ast.Name)
                and target.value.id == "sys"
            ):
                hits.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert hits == []


def test_no_regency_named_outside_the_sample_generator():
    hits = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in [*_modules(), *PACKAGE.rglob("*.j2"), *PACKAGE.rglob("*.css")]
        if p.name != "sample.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "gunung mas" in line.lower()
    ]
    assert hits == []


def test_pyproject_lists_every_package_folder():
    config = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"]) - {"monev.notebooks"}
    folders = {
        "monev" + "".join(f".{part}" for part in p.parent.relative_to(PACKAGE).parts)
        for p in PACKAGE.rglob("__init__.py")
    }
    # data-only packages (the page templates): named so setuptools ships them without a warning
    data = {n for n in listed if not list((PACKAGE.parent / n.replace(".", "/")).glob("*.py"))}
    assert data == {"monev.report.templates.monev"}
    assert listed - data == folders
