"""The ``doc.user_data`` keys and factory names motorpme's spaCy components share with the
pipeline that reads them. No spaCy import here: the pipeline module loads spaCy only when a
model is needed."""

GAZETTEER = "motorpme_gazetteer"  # the gazetteer's factory, and where its rows go
AMOUNTS_DATES = "motorpme_amounts_dates"  # the MONEY/DATE factory, and where its rows go
REF_DATE = "motorpme_ref_date"  # the article's date, against which relative dates resolve
TEXT = "motorpme_text"  # the segment's text, set by the pipeline for the MONEY/DATE rules
