#!/bin/sh
# BROWSER is run as a single command: this runs the browser player that sits next to it.
exec node "$(dirname "$0")/browser-script.mjs" "$@"
