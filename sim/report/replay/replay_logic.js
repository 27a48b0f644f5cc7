// chainsim replay page, part 1: the logic (no drawing, no DOM).
//
// - SHA-256 and the tutorial's hashing: hash(block) is the SHA-256 of the
//   block's canonical JSON (Python's json.dumps(block, sort_keys=True)); the
//   page carries those bytes from chainsim and re-serialises only a value the
//   user edits, with json.dumps's rules for it (integers, and floats as
//   Python's repr).
// - valid_chain as chainsim's core/valid_chain.cc states it, with the same
//   reasons word for word, so the page's verdict reads as `chainsim verify`.
// - Replay: the state of the run at a time, looked up in the records the
//   simulator wrote (tips, up/down, pending transactions); nothing is
//   simulated again.
// Runs in a browser and in Node.js (tests/browser/logic.test.mjs).
(function (root) {
  'use strict';

  // ---------------------------------------------------------------- SHA-256
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const W = new Uint32Array(64);

  // The UTF-8 bytes of `text` (canonical JSON is ASCII).
  function utf8(text) {
    let ascii = true;
    for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 128;
    if (!ascii) return new TextEncoder().encode(text);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  // SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits.
  function sha256Hex(text) {
    const data = utf8(text);
    const bitLength = data.length * 8;
    const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
    padded.set(data);
    padded[data.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(padded.length - 4, bitLength >>> 0);
    let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
    let h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) W[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const a = W[i - 15], b = W[i - 2];
        const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) >>> 0;
      }
      let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (let i = 0; i < 64; i++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (h + S1 + ch + K[i] + W[i]) >>> 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) >>> 0;
        h = g; g = f; f = e; e = (d + t1) >>> 0;
        d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h0 = (h0 + a) >>> 0; h1 = (h1 + b) >>> 0; h2 = (h2 + c) >>> 0; h3 = (h3 + d) >>> 0;
      h4 = (h4 + e) >>> 0; h5 = (h5 + f) >>> 0; h6 = (h6 + g) >>> 0; h7 = (h7 + h) >>> 0;
    }
    return [h0, h1, h2, h3, h4, h5, h6, h7].map((x) => x.toString(16).padStart(8, '0')).join('');
  }

  // ------------------------------------------------- json.dumps of a value
  const INT64_MIN = -(2n ** 63n);
  const INT64_MAX = 2n ** 63n - 1n;

  // Python's repr(x) of a float, which json.dumps writes: the shortest digits
  // that read back as x (JavaScript finds the same ones), in fixed notation
  // when 1e-4 <= |x| < 1e16 (at least one digit after the point), otherwise
  // d.ddde+XX.
  function pythonFloatRepr(x) {
    if (Number.isNaN(x)) return 'NaN';
    if (x === Infinity) return 'Infinity';
    if (x === -Infinity) return '-Infinity';
    if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
    const [mantissa, exponentText] = x.toExponential().split('e');
    const exponent = parseInt(exponentText, 10);
    const sign = mantissa.startsWith('-') ? '-' : '';
    const digits = mantissa.replace('-', '').replace('.', '');
    if (exponent >= -4 && exponent < 16) {
      if (exponent < 0) return sign + '0.' + '0'.repeat(-exponent - 1) + digits;
      if (digits.length <= exponent + 1) {
        return sign + digits + '0'.repeat(exponent + 1 - digits.length) + '.0';
      }
      return sign + digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
    }
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = Math.abs(exponent);
    return sign + m + 'e' + (exponent < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
  }

  // What the user typed, as json.dumps would write the value it means:
  // {ok: true, text} or {ok: false, error}. Integers (64-bit, as chainsim's
  // parser keeps them exactly) always; decimals (floats) when allowFloat.
  function canonicalNumber(input, allowFloat) {
    const s = String(input).trim();
    if (/^[-+]?\d+$/.test(s)) {
      const value = BigInt(s);
      if (value < INT64_MIN || value > INT64_MAX) {
        return { ok: false, error: 'out of range: at most 19 digits (a 64-bit integer)' };
      }
      return { ok: true, text: value.toString() };
    }
    if (allowFloat && /^[-+]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+|\.\d+[eE][-+]?\d+)$/.test(s)) {
      const x = Number(s);
      if (!Number.isFinite(x)) return { ok: false, error: 'too large for a float' };
      return { ok: true, text: pythonFloatRepr(x) };
    }
    return {
      ok: false,
      error: allowFloat ? 'type a number: an integer like 5 or a decimal like 2.5'
                        : 'type an integer like 35293',
    };
  }

  // ------------------------------------------------------- a block's bytes
  const PREVIOUS_HASH_KEY = '"previous_hash": ';
  const PROOF_KEY = '"proof": ';

  // Where previous_hash's value stands in a canonical block: [begin, end).
  function previousHashSpan(text) {
    const begin = text.indexOf(PREVIOUS_HASH_KEY) + PREVIOUS_HASH_KEY.length;
    if (text[begin] === '"') return [begin, text.indexOf('"', begin + 1) + 1];
    let end = begin;
    while (end < text.length && /[-0-9]/.test(text[end])) end++;
    return [begin, end];
  }
  function proofSpan(text) {
    const begin = text.indexOf(PROOF_KEY) + PROOF_KEY.length;
    let end = begin;
    while (end < text.length && /[-0-9]/.test(text[end])) end++;
    return [begin, end];
  }
  function splice(text, span, value) {
    return text.slice(0, span[0]) + value + text.slice(span[1]);
  }
  // previous_hash as the JSON text of its value, e.g. "\"ab12...\"" or "1".
  function previousHashJson(text) {
    const span = previousHashSpan(text);
    return text.slice(span[0], span[1]);
  }
  function proofOf(text) {
    const span = proofSpan(text);
    return BigInt(text.slice(span[0], span[1]));
  }
  function indexOf(text) {
    const m = /^\{"index": (-?\d+)/.exec(text);
    return m ? m[1] : '?';
  }

  // ----------------------------------------------------------- valid_chain
  // The proof digest of core/proof_of_work.cc: str(last_proof) + str(proof),
  // then the previous block's hash in the tutorial variant.
  function proofDigest(lastProof, proof, lastHash, variant) {
    return sha256Hex(String(lastProof) + String(proof) + (variant === 'tutorial' ? lastHash : ''));
  }

  // Checks a chain of canonical block texts (hashes given, or computed when
  // null) as core CheckChain does. Returns {valid, position, reason, links}
  // where links[i] (i >= 1) is {ok, kind: 'previous_hash' | 'proof', reason}
  // for every link, not only the first that fails.
  function checkChain(texts, hashes, difficulty, variant) {
    const hash = texts.map((t, i) => (hashes && hashes[i]) || sha256Hex(t));
    const zeros = '0'.repeat(difficulty);
    const links = [null];
    let first = null;
    for (let i = 1; i < texts.length; i++) {
      const previous = previousHashJson(texts[i]);
      let link;
      if (previous !== '"' + hash[i - 1] + '"') {
        link = {
          ok: false,
          kind: 'previous_hash',
          reason: 'previous_hash ' + previous + ' is not the hash of the block before it (' +
                  hash[i - 1] + ')',
        };
      } else {
        const lastProof = proofOf(texts[i - 1]);
        const proof = proofOf(texts[i]);
        const digest = proofDigest(lastProof, proof, hash[i - 1], variant);
        link = digest.startsWith(zeros)
            ? { ok: true, digest }
            : {
                ok: false,
                kind: 'proof',
                digest,
                reason: 'proof ' + proof + ' is not valid on top of proof ' + lastProof +
                        ': its hash ' + digest + ' does not start with ' + difficulty + ' zeros',
              };
      }
      links.push(link);
      if (!link.ok && first === null) first = i;
    }
    if (texts.length === 0) {
      return { valid: false, position: 0, reason: 'the chain is empty', links, hashes: hash };
    }
    return first === null
        ? { valid: true, links, hashes: hash }
        : { valid: false, position: first, reason: links[first].reason, links, hashes: hash };
  }

  // The verdict line as `chainsim verify` prints it, without the file name.
  function verdictText(texts, verdict, difficulty, variant) {
    if (verdict.valid) {
      return 'valid chain of ' + texts.length + ' blocks (difficulty ' + difficulty + ', ' +
             variant + ' proof)';
    }
    return 'INVALID at position ' + verdict.position + ' (index ' +
           indexOf(texts[verdict.position]) + '): ' + verdict.reason;
  }

  // The tutorial's proof_of_work: the smallest proof >= 0 valid on top of
  // the previous block (at most `limit` tries; null if none found).
  function mineProof(lastProof, lastHash, difficulty, variant, limit) {
    const zeros = '0'.repeat(difficulty);
    for (let proof = 0; proof < limit; proof++) {
      if (proofDigest(lastProof, proof, lastHash, variant).startsWith(zeros)) return proof;
    }
    return null;
  }

  // A /chain body of canonical block texts: what `chainsim verify` reads.
  function chainFile(texts) {
    return '{"chain": [' + texts.join(', ') + '], "length": ' + texts.length + '}\n';
  }

  // ------------------------------------------------------- the run in time
  // Per-node records of the data, looked up by time. A state at time t holds
  // every record at or before t.
  class Replay {
    constructor(data) {
      this.data = data;
      const n = data.meta.total_nodes;
      this.n = n;
      this.initiallyUp = data.nodes.initially_up;
      const blocks = data.blocks;
      this.height = Int32Array.from(blocks.height);
      this.parent = Int32Array.from(blocks.parent);
      this.branch = Int32Array.from(blocks.branch);
      this.blockTime = Float64Array.from(blocks.time_ns);
      this.blockCount = this.height.length;
      // Tips: per node, times and blocks (the data is delta-coded in time).
      this.tipTimes = bucket(n, data.tips.node, cumulative(data.tips.dt_ns));
      this.tipBlocks = bucket(n, data.tips.node, data.tips.block);
      this.upTimes = bucket(n, data.ups.node, data.ups.time_ns);
      this.upValues = bucket(n, data.ups.node, data.ups.up);
      this.pendingTimes = bucket(n, data.pending.node, cumulative(data.pending.dt_ns));
      this.pendingTx = bucket(n, data.pending.node, data.pending.tx);
      this.rateTimes = bucket(n, data.rates.node, data.rates.time_ns);
      this.rateValues = bucket(n, data.rates.node, data.rates.rate);
      this.children = new Int32Array(this.blockCount);
      for (let b = 1; b < this.blockCount; b++) this.children[this.parent[b]]++;
    }
    // Index of the last record at or before t in a sorted time array; -1 if none.
    static last(times, t) {
      let lo = 0, hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (times[mid] <= t) lo = mid + 1; else hi = mid;
      }
      return lo - 1;
    }
    tip(node, t) {
      const k = Replay.last(this.tipTimes[node], t);
      return k < 0 ? 0 : this.tipBlocks[node][k];
    }
    // 'up', 'down' (crashed) or 'absent' (not joined yet).
    status(node, t) {
      const k = Replay.last(this.upTimes[node], t);
      if (k >= 0) return this.upValues[node][k] ? 'up' : 'down';
      return node < this.initiallyUp ? 'up' : 'absent';
    }
    rate(node, t) {
      const k = Replay.last(this.rateTimes[node], t);
      return k < 0 ? this.data.nodes.rate[node] : this.rateValues[node][k];
    }
    // Transaction indices pending at `node` at t, oldest first.
    pending(node, t) {
      const times = this.pendingTimes[node], txs = this.pendingTx[node];
      const k = Replay.last(times, t);
      let start = k;
      while (start >= 0 && txs[start] !== -1) start--;
      const list = [];
      for (let i = start + 1; i <= k; i++) list.push(txs[i]);
      return list;
    }
    // Block ids from genesis to `tip`.
    chain(tip) {
      const ids = [];
      for (let b = tip; b >= 0; b = this.parent[b]) ids.push(b);
      return ids.reverse();
    }
    // Everything the views show at t: per node its tip and status, and the
    // agreement figures over the live nodes (those timeseries.csv samples).
    state(t) {
      const tips = new Int32Array(this.n);
      const status = new Array(this.n);
      const count = new Map();
      let live = 0, minHeight = Infinity, maxHeight = -Infinity;
      for (let i = 0; i < this.n; i++) {
        tips[i] = this.tip(i, t);
        status[i] = this.status(i, t);
        if (status[i] !== 'up') continue;
        live++;
        count.set(tips[i], (count.get(tips[i]) || 0) + 1);
        const h = this.height[tips[i]];
        if (h < minHeight) minHeight = h;
        if (h > maxHeight) maxHeight = h;
      }
      let top = 0;
      for (const c of count.values()) top = Math.max(top, c);
      return {
        time: t,
        tips,
        status,
        tipCounts: count,
        live,
        distinctTips: count.size,
        shareOnTopTip: live === 0 ? 0 : top / live,
        minHeight: live === 0 ? 0 : minHeight,
        maxHeight: live === 0 ? 0 : maxHeight,
      };
    }
  }

  function cumulative(deltas) {
    const out = new Float64Array(deltas.length);
    let t = 0;
    for (let i = 0; i < deltas.length; i++) out[i] = t += deltas[i];
    return out;
  }

  // Splits a column into one typed array per node, keeping the order.
  function bucket(n, nodes, values) {
    const counts = new Int32Array(n);
    for (let i = 0; i < nodes.length; i++) counts[nodes[i]]++;
    const out = [];
    for (let i = 0; i < n; i++) out.push(new Float64Array(counts[i]));
    const fill = new Int32Array(n);
    for (let i = 0; i < nodes.length; i++) out[nodes[i]][fill[nodes[i]]++] = values[i];
    return out;
  }

  root.ChainsimLogic = {
    sha256Hex,
    pythonFloatRepr,
    canonicalNumber,
    previousHashSpan,
    proofSpan,
    splice,
    proofOf,
    checkChain,
    verdictText,
    mineProof,
    chainFile,
    Replay,
  };
})(typeof window !== 'undefined' ? window : globalThis);
