#!/usr/bin/env python
"""The checkout's command line; an installed copy has the same as `madang-admin` (config/manage.py)."""

from config.manage import main

if __name__ == "__main__":
    main()
