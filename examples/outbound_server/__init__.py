"""An example backend for the dashboard's outbound projects, built on shared-types.

Run it from the repository root (after ``pip install -e '.[server]'``)::

    python examples/outbound_server --host 127.0.0.1 --port 8765

Modules:
    tokens:   the replaceable client-credentials exchange (simulated here).
    projects: what a ``startOutbound`` makes of a project, and its change of action.
    server:   the two handlers, on the kit's Router and Hub (`shared_types.server`).
    __main__: command line, logging, the "ready" line, graceful shutdown.
"""
