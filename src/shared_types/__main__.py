"""``python -m shared_types``: the ``shared-types`` command."""

from ._cli import main

raise SystemExit(main())
