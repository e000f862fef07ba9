"""Stage 1, raw files -> ``Article``: the corpus walk (``corpus``), decoding and normalisation
(``decode``), page chrome (``boilerplate``), title, date and author (``header``), and the
article itself (``article``). No spaCy here."""
