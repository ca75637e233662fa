"""heartline's shared sentence encoder (int8 all-MiniLM-L6-v2 on ONNX Runtime).

One encoder pass per message feeds every analysis head::

    from heartline.encoder import Encoder

    encoder = Encoder.load()                       # builds the cache on first use
    batch = encoder.encode(texts, with_tokens=True)
    batch.embeddings                               # (n, 384) float32, L2-normalised
    batch.tokens[0].offsets                        # (k, 2) char spans of the word pieces

See docs/encoder.md for the cache, the quantisation choice and measured speed.
"""

from __future__ import annotations

from heartline.encoder.batch import DIM, EncodedBatch, TokenVectors
from heartline.encoder.encoder import Encoder, EncoderInfo

__all__ = ["DIM", "EncodedBatch", "Encoder", "EncoderInfo", "TokenVectors"]
