"""``python -m utils.data [NAME ...]``: :func:`utils.data.main`, as ``data_download.sh`` runs it."""
from . import main

raise SystemExit(main())
