"""The web view (`monitor serve`, or `monitor run` with a `web:` section): browse and search
statements, see how each spread and changed, fix attributions in a review queue; Atom feeds,
a JSON API, /healthz and /metrics. See monitor/web/app.py."""
