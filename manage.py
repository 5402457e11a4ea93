#!/usr/bin/env python
"""Django's command-line utility; ``tongxin`` is the same thing, installed."""

from tongxin.cli import main

if __name__ == "__main__":
    main()
