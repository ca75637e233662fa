"""Per-token int8 quantisation on a small synthetic graph (no torch needed)."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from heartline.encoder.quantize import quantize_per_token

VOCAB, DIM, OUT = 50, 32, 24


def _tiny_encoder() -> tuple[onnx.ModelProto, np.ndarray, np.ndarray]:
    """ids -> word embeddings -> MatMul -> Gelu-free layer -> MatMul, like one BERT block."""
    rng = np.random.default_rng(0)
    table = rng.normal(size=(VOCAB, DIM)).astype(np.float32)
    w1 = rng.normal(size=(DIM, OUT)).astype(np.float32)
    w2 = rng.normal(size=(OUT, DIM)).astype(np.float32)
    nodes = [
        helper.make_node("Gather", ["embeddings.word_embeddings.weight", "input_ids"], ["emb"]),
        helper.make_node("MatMul", ["emb", "w1"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["r1"]),
        helper.make_node("MatMul", ["r1", "w2"], ["out"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "t"])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["b", "t", DIM])],
        initializer=[
            numpy_helper.from_array(table, "embeddings.word_embeddings.weight"),
            numpy_helper.from_array(w1, "w1"),
            numpy_helper.from_array(w2, "w2"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model, table, np.maximum(table @ w1, 0) @ w2


def _run(model: onnx.ModelProto, ids: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(["out"], {"input_ids": ids})[0])


def test_quantised_graph_is_int8_and_close_to_fp32() -> None:
    model, _, reference = _tiny_encoder()
    original = model.SerializeToString()
    quantised = quantize_per_token(model)
    assert model.SerializeToString() == original  # works on a copy
    ops = [n.op_type for n in quantised.graph.node]
    assert ops.count("MatMulIntegerToFloat") == 2 and "MatMul" not in ops
    dtypes = {i.name: i.data_type for i in quantised.graph.initializer}
    assert dtypes["emb_q"] == TensorProto.INT8
    ids = np.arange(VOCAB, dtype=np.int64).reshape(5, 10)
    got = _run(quantised, ids)
    want = reference[ids]
    assert np.abs(got - want).max() / np.abs(want).max() < 0.03


def test_each_row_is_quantised_on_its_own() -> None:
    # The property ORT's per-tensor quantize_dynamic lacks: a row's result must
    # not depend on the other rows in the batch (batch == single).
    quantised = quantize_per_token(_tiny_encoder()[0])
    ids = np.random.default_rng(1).integers(0, VOCAB, (8, 6))
    ids[3, :] = 0  # one row of small values next to large ones
    together = _run(quantised, ids)
    for row in range(8):
        np.testing.assert_array_equal(_run(quantised, ids[row : row + 1]), together[row : row + 1])


def test_a_graph_without_weights_is_refused() -> None:
    node = helper.make_node("Relu", ["x"], ["out"])
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [2])],
    )
    with pytest.raises(ValueError, match="not an encoder graph"):
        quantize_per_token(helper.make_model(graph))
