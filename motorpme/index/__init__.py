"""Stage 3, articles and mentions -> the SQLite index: where it lives (``location``), its
schema and writes (``store``), what changed and the update (``update``), reading and
extracting files with crash isolation (``extracting``), worker processes (``workers``)."""
