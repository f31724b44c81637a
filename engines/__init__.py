"""Pure-Python engines (no Django): search, composite, coverage, stats. Apps depend on engines, never the reverse."""
