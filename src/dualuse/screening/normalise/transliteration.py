"""English words in katakana, as Japanese companies write them.

Japanese writes a foreign company name in katakana by sound (オークネット for AUCNET, キーエンス
for KEYENCE, カーブス for CURVES); reading the katakana as romaji ("ookunetto") leaves the English
name far away, and no rule of spelling brings them together. The other direction is learnable
from dictionaries: `katakana_spelling` writes an English word in katakana with e2k's character
model, and the matcher reads that katakana like any kana and compares readings with readings.

A list's words are spelt together (`spell_ahead`, one batch of the model for `BATCH` words
instead of one call a word; several times less CPU), before the list is indexed; the answers
are those of the model called word by word, to the character (tests/screening/normalise).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

BATCH = 256
"""Words decoded together: big enough for the matrix products to pay, small enough that one
long word does not keep a large batch decoding (a batch runs until its longest word ends)."""
AHEAD_KEPT = 500_000
"""Words spelt ahead that are kept (as the per-word cache); past this it starts afresh."""

_ahead: dict[str, str] = {}


@cache
def _english_to_katakana():
    """e2k's character-to-katakana model, `turbo` variant: a small RNN (NumPy only) trained on
    Wiktionary and JMdict/EDICT (https://github.com/Patchethium/e2k, public domain), loaded on
    first use. The turbo variant is twenty times faster than the default (2 ms a word here)."""
    from e2k import C2K

    return C2K(model="turbo")


def _spellable(word: str) -> bool:
    return word.isascii() and word.isalpha()


@lru_cache(maxsize=500_000)
def katakana_spelling(word: str) -> str:
    """How Japanese would write an English word in katakana (AUCNET → オークネット, KEYENCE →
    キーエンス, CURVES → カーブス), by a model learned from dictionaries, not from our development
    pairs. Greedy decoding: the same word, the same kana. Only plain ASCII words."""
    if not _spellable(word):
        return ""
    spelt = _ahead.get(word.lower())
    return spelt if spelt is not None else _english_to_katakana()(word.lower())


def spell_ahead(texts: Iterable[str], min_chars: int = 1) -> int:
    """Spell the English words of `texts` (as `latin_tokens` splits them; words of at least
    `min_chars` letters) in batches, so that `katakana_spelling` finds them done. Returns how
    many words were spelt."""
    from dualuse.screening.normalise.text import latin_tokens

    words = sorted({t for text in texts for t in latin_tokens(text) if len(t) >= min_chars and _spellable(t) and t not in _ahead}, key=lambda w: (len(w), w))  # alike lengths batch together
    if not words:
        return 0
    if len(_ahead) + len(words) > AHEAD_KEPT:
        _ahead.clear()
    model = _english_to_katakana()
    with _one_blas_thread():
        for start in range(0, len(words), BATCH):
            chunk = words[start : start + BATCH]
            for word, spelt in zip(chunk, _decode(model, chunk)):
                _ahead[word] = spelt
    return len(words)


def _one_blas_thread() -> Any:
    """A multi-threaded BLAS spins its threads on these small products: many times the CPU
    for no gain in wall time on a shared machine. One thread while a batch decodes."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency; without it only slower
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(1, "blas")


def _decode(model: Any, words: list[str]) -> list[str]:
    """e2k's greedy decoding (`S2S.forward` with `greedy`) of several words at once: the same
    GRU encoder both ways, attention and GRU decoder, on a batch padded to its longest word
    (the padding masked out of the attention; each word's reverse pass starts at its own end)."""
    import numpy as np

    s2s = model.s2s
    sources = [[s2s.sos_idx, *(model.in_table[c] for c in word.lower() if c in model.in_table), s2s.eos_idx] for word in words]
    count = len(sources)
    lengths = np.array([len(s) for s in sources])
    longest = int(lengths.max())
    forward = np.zeros([count, longest], dtype=np.int64)
    backward = np.zeros([count, longest], dtype=np.int64)
    for row, source in enumerate(sources):
        forward[row, : len(source)] = source
        backward[row, : len(source)] = source[::-1]
    # a GRU's input gates depend on the input symbol alone: worked out once per symbol of the
    # alphabet, then looked up, instead of one product per word and step
    ahead = _gru(s2s.encoder.cell, _linear(s2s.encoder.cell.ih, s2s.e_emb.weight)[forward])
    behind_reversed = _gru(s2s.encoder_reverse.cell, _linear(s2s.encoder_reverse.cell.ih, s2s.e_emb.weight)[backward])
    behind = np.zeros_like(behind_reversed)
    for row, length in enumerate(lengths):
        behind[row, :length] = behind_reversed[row, :length][::-1]
    encoded = np.tanh(_linear(s2s.encoder_fc, np.concatenate([ahead, behind], axis=-1)))
    attention = s2s.attn
    heads = attention.num_heads

    def split(x: Any) -> Any:  # [B, T, D] -> [B, H, T, D/H]
        return np.stack(np.split(x, heads, axis=-1), axis=1)

    keys = np.transpose(split(_linear(attention.k_proj, encoded)), (0, 1, 3, 2))
    values = split(_linear(attention.v_proj, encoded))
    present = (np.arange(longest)[None, :] < lengths[:, None])[:, None, None, :]
    out: list[list[int]] = [[s2s.sos_idx] for _ in range(count)]
    active = np.arange(count)
    h1 = np.zeros([count, s2s.pre_decoder.cell.hh.weight.shape[-1]], dtype=s2s.pre_decoder.cell.hh.weight.dtype)
    h2 = np.zeros([count, s2s.post_decoder.cell.hh.weight.shape[-1]], dtype=s2s.post_decoder.cell.hh.weight.dtype)
    symbol_gates = _linear(s2s.pre_decoder.cell.ih, s2s.k_emb.weight)
    for _ in range(s2s.max_len):
        last = np.array([out[row][-1] for row in active])
        decoded = _gates_step(s2s.pre_decoder.cell, symbol_gates[last], h1[active])
        h1[active] = decoded
        query = split(_linear(attention.q_proj, decoded)[:, None, :])
        weights = np.exp(np.matmul(query, keys[active]) / attention.scale) * present[active]
        weights = weights / weights.sum(axis=-1, keepdims=True)
        attended = np.transpose(np.matmul(weights, values[active]), (0, 2, 1, 3)).reshape([len(active), -1])
        state = _gru_step(s2s.post_decoder.cell, np.concatenate([decoded, _linear(attention.o_proj, attended)], axis=-1), h2[active])
        h2[active] = state
        chosen = np.argmax(_linear(s2s.fc, state), axis=-1)
        going = []
        for row, symbol in zip(active, chosen):
            out[row].append(int(symbol))
            if symbol != s2s.eos_idx:
                going.append(row)
        active = np.array(going, dtype=np.int64)
        if not len(active):
            break
    spelt = []
    for symbols in out:
        symbols = symbols[1:]
        if symbols and symbols[-1] == s2s.eos_idx:  # absent when decoding stopped at max_len
            symbols = symbols[:-1]
        spelt.append("".join(model.out_table[s] for s in symbols))
    return spelt


def _linear(layer: Any, x: Any) -> Any:
    """`x @ weight.T + bias` over the last axis; [B, T, D] as one [B·T, D] product, not one
    small product per word."""
    import numpy as np

    if x.ndim > 2:
        return (np.matmul(x.reshape(-1, x.shape[-1]), layer.weight.T) + layer.bias).reshape(*x.shape[:-1], -1)
    return np.matmul(x, layer.weight.T) + layer.bias


def _gru_step(cell: Any, x: Any, h: Any) -> Any:
    """One GRU step for a batch (e2k's `GRUCell.forward`, on the last axis)."""
    return _gates_step(cell, _linear(cell.ih, x), h)


def _gates_step(cell: Any, gates_x: Any, h: Any) -> Any:
    """`_gru_step` with the input's gates given (`_linear(cell.ih, x)`, looked up per symbol)."""
    import numpy as np

    gates_h = _linear(cell.hh, h)
    size = gates_x.shape[-1] // 3
    # the sigmoid worked in place, each operation the same as written out: the same numbers
    sigmoid = np.add(gates_x[..., : 2 * size], gates_h[..., : 2 * size])
    np.negative(sigmoid, out=sigmoid)
    np.exp(sigmoid, out=sigmoid)
    np.add(1, sigmoid, out=sigmoid)
    np.divide(1, sigmoid, out=sigmoid)
    reset, update = sigmoid[..., :size], sigmoid[..., size:]
    new = np.tanh(gates_x[..., 2 * size :] + reset * gates_h[..., 2 * size :])
    return (1 - update) * new + update * h


def _gru(cell: Any, gates_x: Any) -> Any:
    """A GRU over [B, T, 3 D'] input gates from a zero state: every step's state, [B, T, D']."""
    import numpy as np

    h = np.zeros([gates_x.shape[0], cell.hh.weight.shape[-1]], dtype=cell.hh.weight.dtype)
    states = []
    for step in range(gates_x.shape[1]):
        h = _gates_step(cell, gates_x[:, step], h)
        states.append(h)
    return np.stack(states, axis=1)
