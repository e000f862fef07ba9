"""Finding the corpus and its index, and listing the corpus's files without crashing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.index.location import default_index
from motorpme.ingest.corpus import Corpus, CorpusFile, resolve_corpus, scan


def _write(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Un titre\n\nUn texte.\n", encoding="utf-8")


def _listing(corpus: Corpus) -> tuple[list[str], dict[str, str]]:
    files, problems = scan(corpus)
    return [f.file for f in files], dict(problems)


def test_missing_corpus_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MotorpmeError, match="does not exist") as info:
        resolve_corpus(tmp_path / "nowhere")
    assert info.value.hint and "--corpus" in info.value.hint


def test_corpus_env_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTORPME_CORPUS", str(tmp_path))
    assert resolve_corpus().root == tmp_path.resolve()


def test_default_corpus_is_seeds_of_the_current_folder_else_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MOTORPME_CORPUS", raising=False)
    monkeypatch.chdir(tmp_path)
    sample = resolve_corpus()
    assert sample.root.name == "sample" and scan(sample)[0]
    (tmp_path / "seeds").mkdir()
    assert resolve_corpus().root == (tmp_path / "seeds").resolve()


def test_a_single_file_is_a_corpus_of_one(tmp_path: Path) -> None:
    _write(tmp_path, ["a.txt", "b.txt"])
    corpus = resolve_corpus(tmp_path / "b.txt")
    assert corpus.root == tmp_path.resolve() and corpus.label.endswith("b.txt")
    assert _listing(corpus) == (["b.txt"], {})


def test_empty_corpus_lists_nothing(tmp_path: Path) -> None:
    assert _listing(resolve_corpus(tmp_path)) == ([], {})


def test_lists_txt_files_recursively_sorted_skipping_hidden_and_other_suffixes(
    tmp_path: Path,
) -> None:
    _write(tmp_path, ["b.txt", "a/z.txt", "a/c.TXT", ".cache/x.txt", ".hidden.txt", "n.md"])
    files, problems = _listing(resolve_corpus(tmp_path))
    assert files == ["a/c.TXT", "a/z.txt", "b.txt"] and problems == {}


def test_names_with_spaces_and_accents_keep_their_name(tmp_path: Path) -> None:
    _write(tmp_path, ["Été 2019/le Mans à Nogaro.txt"])
    files, _ = _listing(resolve_corpus(tmp_path))
    assert files == ["Été 2019/le Mans à Nogaro.txt"]


def test_non_utf8_file_name_is_listed_with_a_printable_name(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9 \xff.txt")
    with open(raw, "wb") as fh:
        fh.write(b"Un titre\n\nUn texte.\n")
    [item], [] = scan(resolve_corpus(tmp_path))
    assert isinstance(item, CorpusFile)
    assert item.file == "caf\ufffd \ufffd.txt"
    item.file.encode("utf-8")  # storable and printable
    assert item.path.read_bytes().startswith(b"Un titre")


def test_broken_symlink_and_symlink_loop_are_reported_not_raised(tmp_path: Path) -> None:
    _write(tmp_path, ["good.txt"])
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    files, problems = _listing(resolve_corpus(tmp_path))
    assert files == ["good.txt"]
    assert problems == {
        "broken.txt": "broken link or file vanished",
        "loop1.txt": "symlink loop",
        "loop2.txt": "symlink loop",
    }


def test_symlinked_folders_are_not_followed_so_a_loop_cannot_hang(tmp_path: Path) -> None:
    _write(tmp_path, ["sub/a.txt"])
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    files, problems = _listing(resolve_corpus(tmp_path))
    assert files == ["sub/a.txt"] and problems == {}


def test_a_symlinked_file_is_read_through_its_link(tmp_path: Path) -> None:
    _write(tmp_path, ["elsewhere/real.txt"])
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "link.txt").symlink_to(tmp_path / "elsewhere" / "real.txt")
    assert _listing(resolve_corpus(corpus_dir)) == (["link.txt"], {})


def test_default_index_lives_outside_the_corpus_and_depends_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MOTORPME_INDEX", raising=False)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = default_index(resolve_corpus(tmp_path / "a"))
    second = default_index(resolve_corpus(tmp_path / "b"))
    assert first != second
    assert tmp_path.resolve() not in first.resolve().parents


def test_index_option_and_env_variable_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = resolve_corpus(tmp_path)
    monkeypatch.setenv("MOTORPME_INDEX", str(tmp_path / "env.sqlite"))
    assert default_index(corpus) == tmp_path / "env.sqlite"
    assert default_index(corpus, tmp_path / "opt.sqlite") == tmp_path / "opt.sqlite"


def test_default_index_of_a_non_utf8_corpus_path_does_not_crash(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"presse \xe9t\xe9")
    os.mkdir(raw)
    index = default_index(resolve_corpus(Path(os.fsdecode(raw))), None)
    assert index.suffix == ".sqlite"


def test_control_characters_in_a_file_name_cannot_split_a_line(tmp_path: Path) -> None:
    _write(tmp_path, ["deux\nlignes.txt", "esc\x1b[31mrouge.txt"])
    files, _ = _listing(resolve_corpus(tmp_path))
    assert files == ["deux\ufffdlignes.txt", "esc\ufffd[31mrouge.txt"]


def test_two_names_that_print_alike_stay_two_files(tmp_path: Path) -> None:
    for raw in (b"caf\xe9.txt", b"caf\xff.txt"):
        with open(os.path.join(os.fsencode(tmp_path), raw), "wb") as fh:
            fh.write(raw)
    items, _ = scan(resolve_corpus(tmp_path))
    assert [i.file for i in items] == ["caf\ufffd.txt", "caf\ufffd.txt~2"]
    assert {i.path.read_bytes() for i in items} == {b"caf\xe9.txt", b"caf\xff.txt"}


def test_an_index_that_would_be_a_corpus_article_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, ["a.txt", "sub/b.txt"])
    for corpus, index in [
        (resolve_corpus(tmp_path), tmp_path / "a.txt"),
        (resolve_corpus(tmp_path), tmp_path / "sub" / "new.TXT"),
        (resolve_corpus(tmp_path / "a.txt"), tmp_path / "a.txt"),
    ]:
        with pytest.raises(MotorpmeError, match="would be a corpus article"):
            default_index(corpus, index)
    assert default_index(resolve_corpus(tmp_path), tmp_path / ".i.sqlite").name == ".i.sqlite"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("Un titre")
