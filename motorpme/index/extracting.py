"""Reading and extracting a list of files, in order, with crash isolation per article.

Used in this process by ``update`` and in worker processes by ``workers``: either way each file
comes back once, with its article and mentions or the one-line reason it was skipped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from motorpme.errors import MotorpmeError
from motorpme.ingest.corpus import Corpus, CorpusFile
from motorpme.models import Article, Mention

Extract = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Mention]]]]
Result = tuple[CorpusFile, Article | None, list[Mention] | str]  # mentions, or why skipped


def results(
    todo: list[CorpusFile],
    corpus: Corpus,
    extract: Callable[[], Extract],
    trusted: bool = False,
) -> Iterator[Result]:
    """Every file of ``todo`` once, in order, read and extracted, or with the reason it failed.

    ``trusted``: the extractor already worked on earlier articles (see ``extract_each``)."""
    failures: list[tuple[CorpusFile, str]] = []
    by_file = {f.file: f for f in todo}
    articles = read_all(todo, corpus, failures)
    for article, result in extract_each(extract, articles, trusted):
        while failures:
            yield _fail(failures)
        yield by_file[article.file], article, result
    while failures:
        yield _fail(failures)


def _fail(failures: list[tuple[CorpusFile, str]]) -> Result:
    item, reason = failures.pop(0)
    return item, None, reason


# After this many articles in a row fail extraction with none done, the extractor is broken,
# not the input: the run stops with the real error rather than skipping the whole corpus.
_BROKEN = 3


def extract_each(
    extract: Callable[[], Extract], articles: Iterator[Article], trusted: bool = False
) -> Iterator[tuple[Article, list[Mention] | str]]:
    """The extractor's results; an article it crashes on comes back with the reason instead.

    The extractor batches, so a crash is pinned down by retrying the articles it held
    one by one; then batching resumes on the rest. ``MotorpmeError`` (no model...) stops all.
    The model loads only once an article has been read: a corpus of bad files does not wait.
    """
    first = next(articles, None)
    if first is None:
        return
    articles, fn = itertools.chain([first], articles), extract()
    pending: dict[str, Article] = {}
    done, failed = int(trusted), 0

    def feed() -> Iterator[Article]:
        for article in articles:
            pending[article.file] = article
            yield article

    while True:
        try:
            for article, mentions in fn(feed()):
                pending.pop(article.file, None)
                done += 1
                yield article, mentions
            return
        except MotorpmeError:
            raise
        except Exception:
            if not pending:
                raise
        while pending:
            article = pending.pop(next(iter(pending)))
            result = _extract_alone(fn, article)
            if isinstance(result, Exception):
                failed += 1
                if failed >= _BROKEN and not done:
                    raise result
                yield article, _why(result)
            else:
                done += 1
                yield article, result


def _extract_alone(fn: Extract, article: Article) -> list[Mention] | Exception:
    try:
        return next(iter(fn([article])))[1]
    except MotorpmeError:
        raise
    except Exception as exc:
        return exc


def _why(exc: Exception) -> str:
    # First sentence only: the reason is printed on one line next to the file name.
    detail = re.split(r"(?<=\.)\s|\n", str(exc).strip(), maxsplit=1)[0][:160]
    return f"extraction failed ({type(exc).__name__}{': ' + detail if detail else ''})"


def read_all(
    todo: list[CorpusFile], corpus: Corpus, failures: list[tuple[CorpusFile, str]]
) -> Iterator[Article]:
    from motorpme.ingest.article import article_id_for, read_article

    for item in todo:
        raw_name = item.path.relative_to(corpus.root).as_posix()
        try:
            article = read_article(item.path, corpus.root, corpus.max_size)
        except MotorpmeError as exc:
            reason = exc.message.removeprefix(f"{raw_name}: ").removeprefix(f"{item.file}: ")
            failures.append((item, reason))
            continue
        except OSError as exc:
            failures.append((item, exc.strerror or type(exc).__name__))
            continue
        if article.file != item.file:  # a name with undecodable bytes: keep the printable one
            article = replace(article, file=item.file, id=article_id_for(item.file))
        yield article
