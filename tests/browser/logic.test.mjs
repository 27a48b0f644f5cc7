// The replay page's logic (sim/report/replay/replay_logic.js) in Node.js:
// SHA-256, Python's json.dumps of the values tamper mode lets one type, and
// valid_chain's verdict on the reference's sample chain (tests/data), all
// against chainsim's own answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { SOURCE_DIR, verify } from './support.mjs';

const context = { TextEncoder };
vm.createContext(context);
vm.runInContext(readFileSync(join(SOURCE_DIR, 'sim/report/replay/replay_logic.js'), 'utf8'), context);
const L = context.ChainsimLogic;

test('SHA-256 matches Node.js crypto on lengths around every block boundary', () => {
  for (let n = 0; n < 200; n++) {
    const text = 'x'.repeat(n) + String(n);
    assert.equal(L.sha256Hex(text), createHash('sha256').update(text).digest('hex'), 'length ' + n);
  }
  const unicode = 'caf\u00e9 \u20ac';
  assert.equal(L.sha256Hex(unicode), createHash('sha256').update(unicode, 'utf8').digest('hex'));
});

test('floats are written as Python repr writes them', () => {
  // Expected values are Python 3's repr(float(x)).
  const cases = [[2.5, '2.5'], [1, '1.0'], [100, '100.0'], [0.1, '0.1'], [1e-4, '0.0001'],
                 [1e-5, '1e-05'], [1e16, '1e+16'], [1.5e16, '1.5e+16'], [123456789012345678, '1.2345678901234568e+17'],
                 [9999999999999998, '9999999999999998.0'], [-0.0, '-0.0'], [0, '0.0'], [-2.75, '-2.75'],
                 [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'], [0.30000000000000004, '0.30000000000000004']];
  for (const [x, text] of cases) assert.equal(L.pythonFloatRepr(x), text, String(x));
});

test('typed values become json.dumps text, or a clear refusal', () => {
  assert.deepEqual({ ...L.canonicalNumber('007', true) }, { ok: true, text: '7' });
  assert.deepEqual({ ...L.canonicalNumber('-0', true) }, { ok: true, text: '0' });
  assert.deepEqual({ ...L.canonicalNumber('9223372036854775807', false) }, { ok: true, text: '9223372036854775807' });
  assert.equal(L.canonicalNumber('9223372036854775808', false).ok, false);
  assert.deepEqual({ ...L.canonicalNumber('1e3', true) }, { ok: true, text: '1000.0' });
  assert.deepEqual({ ...L.canonicalNumber('2.50', true) }, { ok: true, text: '2.5' });
  assert.equal(L.canonicalNumber('2.5', false).ok, false, 'a proof is an integer');
  assert.equal(L.canonicalNumber('1e400', true).ok, false, 'infinity is not JSON');
  assert.equal(L.canonicalNumber('abc', true).ok, false);
  assert.equal(L.canonicalNumber('', true).ok, false);
});

// The sample chain of the reference as canonical block texts.
function sampleTexts() {
  const chain = JSON.parse(readFileSync(join(SOURCE_DIR, 'tests/data/tutorial-chain-sample.json'), 'utf8'));
  const blocks = chain.chain || chain;
  // json.dumps(block, sort_keys=True) for the sample's values (ints, strings, a float timestamp).
  const dumps = (v) => {
    if (Array.isArray(v)) return '[' + v.map(dumps).join(', ') + ']';
    if (v !== null && typeof v === 'object') {
      return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ': ' + dumps(v[k])).join(', ') + '}';
    }
    if (typeof v === 'number' && !Number.isInteger(v)) return L.pythonFloatRepr(v);
    return JSON.stringify(v);
  };
  return blocks.map(dumps);
}

test('valid_chain on the reference sample and on edits of it agrees with chainsim verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainsim-logic-'));
  const texts = sampleTexts();
  const check = (name, edited) => {
    const verdict = L.checkChain(edited, null, 4, 'tutorial');
    const file = join(dir, name + '.json');
    writeFileSync(file, L.chainFile(edited));
    const cli = verify(file, 4);
    assert.equal(L.verdictText(edited, verdict, 4, 'tutorial'), cli.verdict, name);
    return verdict;
  };
  assert.equal(check('sample', texts).valid, true);
  // The amount of block 4's first transaction, then its proof.
  const amount = texts.map((t, i) => (i === 3 ? t.replace('"amount": 1,', '"amount": 1000,') : t));
  assert.notEqual(amount[3], texts[3]);
  assert.equal(check('amount', amount).position, 4);
  const proof = texts.map((t, i) => (i === 2 ? L.splice(t, L.proofSpan(t), '7') : t));
  assert.equal(check('proof', proof).position, 2);
  // Re-linked like a forger: the next block's proof fails instead.
  const relinked = amount.slice();
  relinked[4] = L.splice(relinked[4], L.previousHashSpan(relinked[4]), '"' + L.sha256Hex(amount[3]) + '"');
  const v = check('relinked', relinked);
  assert.equal(v.position, 4);
  assert.equal(v.links[4].kind, 'proof');
});
