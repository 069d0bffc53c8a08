"""`python -m analyser` runs the command line."""

from .cli import main

raise SystemExit(main())
