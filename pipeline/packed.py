"""Packed inference for natasha's slovnet CNN models (morph, syntax, NER).

slovnet pads each batch of sentences to its longest one, runs every
convolution as an im2col copy and one matmul, and zeroes the padding after
each layer, so a sentence's result is the one it gets alone.  Here all
sentences of a batch are stacked into one matrix of rows, one row per token,
with one zero row before each sentence and after the last.  A width-3
convolution with zero padding then sees exactly the zeros it would see at the
edges of a lone sentence, with no padding to compute: each layer is a single
matmul of the rows with the three kernel taps side by side, plus two shifted
adds.  Word ids and word vectors are computed once and shared by the three
models, and the first layer runs once per distinct word of the batch; the
shape embedding of the first layer is folded into a small table.  The
weights are natasha's own, read from the loaded models; the results are
slovnet's (``tests/test_packed.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from slovnet.conll import parse_conll_tag
from slovnet.shape import word_shape

from pipeline.config import DEFAULT_BATCH_SIZE

Words = Sequence[str]


class WordIds:
    """Token text -> (navec word id, shape id), memoized: news repeats its words."""

    def __init__(self, words_vocab, shapes_vocab, cache_size: int = 50_000) -> None:
        self.words, self.shapes = words_vocab, shapes_vocab
        self.cache_size = cache_size
        self._ids: dict[str, tuple[int, int]] = {}

    def __call__(self, word: str) -> tuple[int, int]:
        found = self._ids.get(word)
        if found is None:
            if len(self._ids) >= self.cache_size:
                self._ids.clear()
            found = self._ids[word] = (self.words.encode(word.lower()),
                                       self.shapes.encode(word_shape(word)))
        return found


class Packed:
    """The tokens of many sentences as rows, a zero row around each sentence.

    ``seps[i]`` is the zero row just before sentence ``i`` (the syntax models
    put their ROOT there), ``rows`` the token rows in order.  Half the tokens
    of a batch repeat a word already in it, so the first layer is computed
    once per distinct (word, shape): ``vectors`` are their word vectors,
    ``shapes`` their shape ids, ``inverse`` maps each token to its entry.
    """

    def __init__(self, sentences: Sequence[Words], ids: WordIds, navec) -> None:
        self.lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        n_tokens = int(self.lengths.sum())
        self.n_rows = n_tokens + len(sentences) + 1
        self.rows = np.arange(n_tokens) + np.repeat(np.arange(1, len(sentences) + 1), self.lengths)
        self.seps = np.cumsum(self.lengths + 1) - self.lengths - 1
        # Each (word id, shape id) as one number that sorts the same way.
        n_shapes = len(ids.shapes.items)
        keys = np.fromiter((w * n_shapes + s for words in sentences for w, s in map(ids, words)),
                           dtype=np.int64, count=n_tokens)
        distinct, self.inverse = np.unique(keys, return_inverse=True)
        self.inverse = self.inverse.reshape(-1)
        self.shapes = distinct % n_shapes
        qdim, _, chunk = navec.codes.array.shape
        self.vectors = navec.codes.array[np.arange(qdim), navec.indexes.array[distinct // n_shapes]].reshape(
            len(distinct), qdim * chunk)
        self.sep_mask = np.ones(self.n_rows, dtype=bool)
        self.sep_mask[self.rows] = False

    def split(self, values: np.ndarray) -> list[np.ndarray]:
        """Per-token ``values`` (in token order) cut back into sentences."""
        return np.split(values, np.cumsum(self.lengths)[:-1])


class _Layer:
    """conv (width 3, padding 1) -> ReLU -> batch norm, on packed rows."""

    def __init__(self, layer) -> None:
        w = layer.conv.weight.array  # filters x in x 3
        assert w.shape[2] == 3 and layer.conv.padding == 1
        self.filters = w.shape[0]
        # taps[c, k * F + f] = w[f, c, k]
        self.taps = np.ascontiguousarray(w.transpose(1, 2, 0).reshape(w.shape[1], -1))
        self.bias = layer.conv.bias.array
        norm = layer.norm
        self.scale = (norm.weight.array / norm.std.array).astype(np.float32)
        self.shift = (norm.bias.array - norm.mean.array * self.scale).astype(np.float32)

    def __call__(self, taps_out: np.ndarray, packed: Packed) -> np.ndarray:
        """``taps_out``: the rows times :attr:`taps` (rows x 3F)."""
        f = self.filters
        out = np.empty((packed.n_rows, f), dtype=np.float32)
        out[0] = out[-1] = 0
        np.add(taps_out[:-2, :f], taps_out[1:-1, f:2 * f], out=out[1:-1])
        out[1:-1] += taps_out[2:, 2 * f:]
        out += self.bias
        np.maximum(out, 0, out=out)
        out *= self.scale
        out += self.shift
        out[packed.sep_mask] = 0
        return out


class Encoder:
    """A slovnet ``WordShapeEmbedding`` + ``CNNEncoder`` over packed rows."""

    def __init__(self, model) -> None:
        self.navec = model.emb.word
        layers = [_Layer(x) for x in model.encoder.layers]
        first = layers[0]
        n_word = self.navec.codes.array.shape[0] * self.navec.codes.array.shape[2]
        # The shape embedding's share of the first layer, per shape id.
        self.shape_taps = model.emb.shape.weight.array @ first.taps[n_word:]
        first.taps = np.ascontiguousarray(first.taps[:n_word])
        self.layers = layers

    def __call__(self, packed: Packed) -> np.ndarray:
        first, *rest = self.layers
        distinct = packed.vectors @ first.taps
        distinct += self.shape_taps[packed.shapes]
        taps_out = np.zeros((packed.n_rows, distinct.shape[1]), dtype=np.float32)
        taps_out[packed.rows] = distinct[packed.inverse]
        x = first(taps_out, packed)
        for layer in rest:
            x = layer(x @ layer.taps, packed)
        return x


def _linear(x: np.ndarray, linear) -> np.ndarray:
    return x @ linear.weight.array + linear.bias.array


def _ff(x: np.ndarray, ff) -> np.ndarray:
    return np.maximum(_linear(x, ff.proj), 0)


class MorphModel:
    """UD POS and features per token: ``(pos, feats)`` pairs (feats shared, do not mutate)."""

    def __init__(self, tagger) -> None:
        self.encoder = Encoder(tagger.infer.model)
        self.proj = tagger.infer.model.head.proj
        self.tags = [parse_conll_tag(t) for t in tagger.infer.decoder.tags_vocab.items]

    def __call__(self, packed: Packed) -> list[list[tuple[str, dict[str, str]]]]:
        x = self.encoder(packed)[packed.rows]
        ids = _linear(x, self.proj).argmax(-1)
        tags = self.tags
        return [[tags[i] for i in sent.tolist()] for sent in packed.split(ids)]


class NERModel:
    """natasha's BIO tags per token (CRF decoding as slovnet does it)."""

    def __init__(self, tagger, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.encoder = Encoder(tagger.infer.model)
        self.head = tagger.infer.model.head
        self.tags = tagger.infer.decoder.tags_vocab.items
        self.batch_size = batch_size

    def __call__(self, packed: Packed) -> list[list[str]]:
        return self.decode(packed, self.states(packed))

    def states(self, packed: Packed) -> np.ndarray:
        """The encoder's output of each token (rows in order, tokens x 64): what
        its tags are decoded from, and features of the project's CRF layers."""
        return self.encoder(packed)[packed.rows]

    def with_states(self, packed: Packed) -> list[tuple[list[str], np.ndarray]]:
        """Each sentence's tags and its tokens' :meth:`states`, the encoder run once."""
        x = self.states(packed)
        return list(zip(self.decode(packed, x), packed.split(x), strict=True))

    def decode(self, packed: Packed, states: np.ndarray) -> list[list[str]]:
        """Each sentence's BIO tags from its tokens' :meth:`states`."""
        emissions = packed.split(_linear(states, self.head.proj))
        order = np.argsort(packed.lengths, kind="stable")
        out: list[list[str]] = [[] for _ in emissions]
        n_tags = self.head.proj.weight.array.shape[1]
        for k in range(0, len(order), self.batch_size):
            idx = [i for i in order[k:k + self.batch_size].tolist() if len(emissions[i])]
            if not idx:
                continue
            width = max(len(emissions[i]) for i in idx)
            batch = np.zeros((len(idx), width, n_tags), dtype=np.float32)
            mask = np.zeros((len(idx), width), dtype=bool)
            for b, i in enumerate(idx):
                batch[b, :len(emissions[i])] = emissions[i]
                mask[b, :len(emissions[i])] = True
            for i, best in zip(idx, self.head.crf.decode(batch, mask), strict=True):
                out[i] = [self.tags[t] for t in best.tolist()]
        return out


class SyntaxModel:
    """UD heads (1-based, 0 = root) and relations per token."""

    def __init__(self, parser) -> None:
        model = parser.infer.model
        self.encoder = Encoder(model)
        self.head, self.rel = model.head, model.rel
        self.rels = parser.infer.decoder.rels_vocab.items
        self.head_kernel = self.head.kernel.array
        hidden = self.rel.kernel.array.shape[0]
        self.rel_kernel = self.rel.kernel.array
        self.n_rels = self.rel_kernel.shape[1] // hidden

    def __call__(self, packed: Packed) -> list[tuple[list[int], list[str]]]:
        x = self.encoder(packed)
        heads = self._heads(x, packed)
        rels = self._rels(x, packed, heads)
        return [(h.tolist(), [self.rels[r] for r in rs.tolist()])
                for h, rs in zip(packed.split(heads), packed.split(rels), strict=True)]

    def _with_root(self, x: np.ndarray, packed: Packed, root: np.ndarray) -> np.ndarray:
        x = x.copy()
        x[packed.seps] = root
        return x

    def _heads(self, x: np.ndarray, packed: Packed) -> np.ndarray:
        """Each token's head: the best of ROOT (the row before the sentence) and its tokens."""
        rooted = self._with_root(x, packed, self.head.root.array)
        query = _ff(rooted, self.head.head) @ self.head_kernel
        keys = _ff(rooted, self.head.tail)
        heads = np.empty(len(packed.rows), dtype=np.int64)
        k = 0
        for sep, n in zip(packed.seps.tolist(), packed.lengths.tolist(), strict=True):
            scores = query[sep + 1:sep + 1 + n] @ keys[sep:sep + 1 + n].T
            heads[k:k + n] = scores.argmax(-1)
            k += n
        return heads

    def _rels(self, x: np.ndarray, packed: Packed, heads: np.ndarray) -> np.ndarray:
        rooted = self._with_root(x, packed, self.rel.root.array)
        sent_of_token = np.repeat(np.arange(len(packed.lengths)), packed.lengths)
        head_rows = packed.seps[sent_of_token] + heads
        head = _ff(rooted[head_rows], self.rel.head)
        tail = _ff(x[packed.rows], self.rel.tail)
        scores = (head @ self.rel_kernel).reshape(len(heads), self.n_rels, -1)
        return np.einsum("trh,th->tr", scores, tail).argmax(-1)


class PackedModels:
    """The three models over one shared packing; the last packing is memoized,
    so the morph, syntax and NER stages of one batch pack its sentences once."""

    def __init__(self, morph_tagger, syntax_parser, ner_tagger) -> None:
        enc = morph_tagger.infer.encoder
        self.ids = WordIds(enc.words_vocab, enc.shapes_vocab)
        self.navec = morph_tagger.infer.model.emb.word
        for other in (syntax_parser, ner_tagger):  # the packing is shared: same vocabularies
            assert other.infer.model.emb.word.indexes.array is self.navec.indexes.array
            assert other.infer.encoder.shapes_vocab.items == enc.shapes_vocab.items
            # natasha loads the same 250k-word vocabulary once per model (about
            # 35 MB each): keep one.
            assert other.infer.encoder.words_vocab.items == enc.words_vocab.items
            other.infer.encoder.words_vocab = enc.words_vocab
        self.morph = MorphModel(morph_tagger)
        self.syntax = SyntaxModel(syntax_parser)
        self.ner = NERModel(ner_tagger)
        self._last: tuple[int, list, list[Packed]] | None = None

    def packings(self, sentences: Sequence, batch_size: int) -> list[Packed]:
        """The token rows of ``sentences`` (objects with ``tokens``), packed
        ``batch_size`` sentences at a time (a few thousand rows stay in cache).
        Reused while the same sentence objects (kept alive here) come back."""
        last = self._last
        if last is not None and last[0] == batch_size and len(last[1]) == len(sentences) and all(
                a is b for a, b in zip(last[1], sentences, strict=True)):
            return last[2]
        words = [[t.text for t in s.tokens] for s in sentences]
        packs = [Packed(words[k:k + batch_size], self.ids, self.navec)
                 for k in range(0, len(words), batch_size)]
        self._last = (batch_size, list(sentences), packs)
        return packs
