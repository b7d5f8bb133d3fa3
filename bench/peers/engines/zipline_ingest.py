"""Ingests a peer workload into a zipline bundle: python zipline_ingest.py WORKLOAD_DIR"""

import sys
import time

from zipline.data import bundles

from common import workload
from zipline_bundle import environ_for, register


def main(directory: str) -> None:
    description = workload(directory)
    started = time.perf_counter()
    name = register(description)
    bundles.ingest(name, environ_for(description), show_progress=False)
    print(f"zipline bundle {name} ingested in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1])
