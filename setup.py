"""Packaging for the freqtrade-compatible bot and its control API."""
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
version_ns: dict = {}
exec((HERE / "freqtrade" / "__init__.py").read_text(), version_ns)

setup(
    name="freqtrade",
    version=version_ns["__version__"],
    description="A freqtrade-compatible crypto trading bot driven through a fast, safe REST API",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    packages=find_packages(include=["freqtrade", "freqtrade.*"]),
    include_package_data=True,
    package_data={"freqtrade": ["templates/*", "api/static/*", "py.typed"]},
    install_requires=[
        "starlette>=0.47",
        "hypercorn>=0.17",
        "uvloop>=0.19; sys_platform != 'win32'",  # the API server's event loop (server.py)
        "joserfc>=1.0",
        "pydantic>=2.10,<3",
        "orjson>=3.10",
        "pandas>=2.2",
        "numpy>=1.26",
        "sqlalchemy>=2.0.30",
        "ccxt>=4.4",
        "pyarrow>=15",
        "psutil>=5.9",
        "requests>=2.31",
        "swagger-ui-bundle-v2>=5.17",
        # The indicator libraries freqtrade installs, so users' strategy files import unchanged.
        "TA-Lib>=0.6",
        "technical>=1.5",
        "ft-pandas-ta>=0.3.14",
        "scipy>=1.13",
    ],
    extras_require={
        "test": [
            "pytest>=8",
            "pytest-timeout>=2.3",
            "httpx>=0.27",
            "ruff>=0.6",
            "websockets>=13",
            # fuzzing of the OpenAPI document (tests/e2e/test_fuzz_openapi.py)
            "schemathesis>=4.32,<5",
            "psycopg[binary]>=3.1",  # the suites also run on PostgreSQL
        ],
        "postgres": ["psycopg[binary]>=3.1"],
    },
    entry_points={
        "console_scripts": [
            "freqtrade=freqtrade.main:main",
            "freqtrade-client=freqtrade.rest_client:main",
        ]
    },
)
