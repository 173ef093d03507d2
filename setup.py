"""Ship the top-level resources/ folder inside the package as kratomtrack/resources.

Everything else is in pyproject.toml. This file exists because a package
found by ``find`` cannot also be mapped to another folder there. The running
app then finds its icon next to its code whether installed from a wheel, from
a checkout or frozen by PyInstaller (see kratomtrack/resource_files.py).
Which resource files ship: [tool.setuptools.package-data] in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

# Data folders are listed as packages too, as setuptools asks.
RESOURCE_PACKAGES = ["kratomtrack.resources"] + [
    f"kratomtrack.resources.{name}" for name in find_namespace_packages(where="resources")
]

setup(
    packages=find_packages(include=["kratomtrack*"]) + RESOURCE_PACKAGES,
    package_dir={"kratomtrack.resources": "resources"},
)
