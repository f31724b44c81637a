"""`gunicorn -c python:config.gunicorn_conf`: gunicorn.conf.py's settings by module name, for an installed copy, where
the file's path lies somewhere in site-packages."""

import runpy
from pathlib import Path

globals().update(
    {k: v for k, v in runpy.run_path(str(Path(__file__).with_name("gunicorn.conf.py"))).items() if k[:2] != "__"}
)
