"""An example backend for the dashboard's outbound projects, built on shared-types.

Run it from the repository root (after ``pip install -e '.[examples]'``)::

    python examples/outbound_server --host 127.0.0.1 --port 8765

Modules:
    tokens:   the replaceable client-credentials exchange (simulated here).
    projects: the server's state, kept as the protocol's own `ProjectInfo` models.
    server:   the WebSocket handler: parse, dispatch with ``match``, encode, and the one
              place that turns every failure into an ``error`` event.
    __main__: command line, logging, the "ready" line, graceful shutdown.
"""
