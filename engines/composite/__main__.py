"""python -m engines.composite run --idata FILE.csv --imeta FILE.csv [--spec SPEC.json] --out DIR"""

import sys

from .cli import main

sys.exit(main())
