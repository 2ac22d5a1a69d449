#!/usr/bin/env bash
# Fetch the full-tier data sets for the chapters that exist, into the course's cache
# ($DLCOURSE_DATA, else ~/.cache/dlcourse). Needs the internet; every archive is checked against
# its published size and MD5. The small tier needs nothing downloaded.
#
#   ./data_download.sh                 # every data set the chapters use
#   ./data_download.sh mnist_3_7       # only the named ones (see utils/data/: DATASETS)
#
# Afterwards run the notebooks with  DLCOURSE_SIZE=full  (e.g. DLCOURSE_SIZE=full make lab).
set -euo pipefail
cd "$(dirname "$0")"
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
DLCOURSE_SIZE=full exec "$PY" -c 'import sys, utils.data as d; sys.exit(d.main(sys.argv[1:]))' "$@"
