"""Stage 4, reads over the index, never loading spaCy: the query parts (``sql``), articles
(``articles``), entities (``entities``), full-text search (``fulltext``), context lines
(``kwic``), export formats (``export``), the article page (``html``), scoring (``evaluate``)."""
