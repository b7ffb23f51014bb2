#!/bin/sh
# The demo's private redis-server, in a session and process group of its own (setsid runs it in this very
# process, so its pid is the one the demo spawned). A Ctrl-C, or `timeout`, signals the demo's whole process
# group at once: redis would die first and the server's graceful shutdown, which still needs it, would time
# out. The demo stops it itself, after the server.
exec setsid redis-server "$@"
