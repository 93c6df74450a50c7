"""``python -m converter``: the same as the ``portalconv`` command."""

from .cli import main

main()
