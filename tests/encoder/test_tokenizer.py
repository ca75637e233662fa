"""The encoder's tokenizer: packaged fixed padding and truncation overridden."""

from __future__ import annotations

import pytest

from heartline.encoder.tokenizer import WordPieceTokenizer
from heartline.encoder.weights import TOKENIZER_FILE, package_model_dir


@pytest.fixture(scope="module")
def tokenizer_json() -> str:
    return (package_model_dir() / TOKENIZER_FILE).read_text(encoding="utf-8")


def test_no_fixed_padding_to_128(tokenizer_json: str) -> None:
    tokenizer = WordPieceTokenizer(tokenizer_json, max_tokens=128)
    assert tokenizer.encode("hello").tokens == ["[CLS]", "hello", "[SEP]"]
    assert [len(e.ids) for e in tokenizer.encode_batch(["hello", "hello there"])] == [3, 4]


def test_truncation_follows_max_tokens(tokenizer_json: str) -> None:
    long = "please " * 300
    for max_tokens in (8, 256):
        tokenizer = WordPieceTokenizer(tokenizer_json, max_tokens=max_tokens)
        encoding = tokenizer.encode(long)
        assert len(encoding.ids) == max_tokens and encoding.tokens[-1] == "[SEP]"
        assert tokenizer.count_tokens([long, ""]) == [302, 2]
