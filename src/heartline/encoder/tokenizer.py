"""WordPiece tokenisation for the encoder, with the packaged file's defaults fixed.

The packaged ``tokenizer.json`` hard-codes truncation at 128 tokens and
*fixed* padding to 128, which would run every text at full length. Here
padding is switched off (the encoder pads each batch to its own longest
text) and truncation follows ``max_tokens``.

Thread safety: ``tokenizers.Tokenizer`` raises "Already borrowed" if one
thread reconfigures it while another encodes, so it is configured once here
and never changed afterwards; concurrent encode calls are then safe.
"""

from __future__ import annotations

from collections.abc import Sequence

from tokenizers import Encoding, Tokenizer

MAX_POSITIONS = 512  # BERT's position table


class WordPieceTokenizer:
    """The encoder's tokenizer: truncates to ``max_tokens`` (specials included), never pads."""

    def __init__(self, tokenizer_json: str, *, max_tokens: int) -> None:
        self.max_tokens = max_tokens
        self._tokenizer = Tokenizer.from_str(tokenizer_json)
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=max_tokens)

    def encode(self, text: str) -> Encoding:
        """Tokenise one text; ``[CLS]`` and ``[SEP]`` included."""
        return self._tokenizer.encode(text)

    def encode_batch(self, texts: Sequence[str]) -> list[Encoding]:
        """Tokenise many texts (in parallel inside the Rust library)."""
        return self._tokenizer.encode_batch(list(texts))

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens per text *before* truncation, specials included (for sizing max_tokens)."""
        # A second, untruncated tokenizer: reconfiguring the shared one is not thread-safe.
        untruncated = Tokenizer.from_str(self._tokenizer.to_str())
        untruncated.no_truncation()
        return [len(e.ids) for e in untruncated.encode_batch(list(texts))]
