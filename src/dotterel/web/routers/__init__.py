"""One router per resource, each thin over `dotterel.browse` (and the exporters for downloads)."""
