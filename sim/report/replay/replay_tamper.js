// chainsim replay page, part 3: tamper mode, the Brownworth moment on the
// tutorial's real hash. The user edits an amount or a proof of a block of
// one node's chain; the block's canonical bytes (from chainsim) get only the
// edited value re-serialised, its SHA-256 is recomputed, and the chain is
// checked as valid_chain does (replay_logic.js), with `chainsim verify`'s
// words. ChainsimTamper(env) wires the panel; env gives the data and what is
// selected (replay_view.js).
window.ChainsimTamper = function (env) {
  'use strict';
  const { data, R, L, el, clock, plural } = env;
  const blocks = data.blocks;
  const meta = data.meta;
  const tamper = {
    node: -1,
    at: 0,
    ids: [],         // block ids of the chain, genesis first
    edits: [],       // per position: {proof: text|null, amounts: Map(j -> text)}
    relink: true,
    texts: [],
    verdict: null,
  };
  function openTamper() {
    const chosen = env.chainOfSelection();
    if (chosen.node < 0) return;
    tamper.node = chosen.node;
    tamper.at = chosen.at;
    tamper.ids = chosen.ids;
    tamper.edits = tamper.ids.map(() => ({ proof: null, amounts: new Map() }));
    env.pause();
    document.getElementById('tamper').hidden = false;
    document.getElementById('tamper-title').textContent = 'Tamper with node ' + tamper.node +
        "'s chain as it was at " + clock(tamper.at, true) + ' (' + plural(tamper.ids.length, 'block', 'blocks') + ')';
    document.getElementById('tamper-hint').textContent =
        'Change an amount or a proof. The page recomputes the block\'s SHA-256 over the tutorial\'s canonical JSON (json.dumps with sorted keys) and checks every link as valid_chain does: previous_hash must be the hash of the block before, and the proof must be valid on top of the previous proof' +
        (meta.proof_variant === 'tutorial' ? ' and hash' : '') + ' (difficulty ' + meta.difficulty + ').';
    renderTamper(true);
  }
  function blockText(pos) {
    // The block's canonical bytes with the user's edits spliced in, right to left.
    const id = tamper.ids[pos];
    let text = blocks.canonical[id];
    const e = tamper.edits[pos];
    const spans = blocks.amount_spans[id];
    const order = Array.from(e.amounts.keys()).sort((a, b) => spans[b][0] - spans[a][0]);
    for (const j of order) text = L.splice(text, spans[j], e.amounts.get(j));
    if (e.proof !== null) text = L.splice(text, blocks.proof_span[id], e.proof);
    return text;
  }
  function evaluateTamper() {
    const texts = [], hashes = [];
    for (let pos = 0; pos < tamper.ids.length; pos++) {
      const id = tamper.ids[pos];
      let text = blockText(pos);
      if (tamper.relink && pos > 0 && hashes[pos - 1] !== blocks.hash[tamper.ids[pos - 1]]) {
        text = L.splice(text, L.previousHashSpan(text), '"' + hashes[pos - 1] + '"');
      }
      texts.push(text);
      hashes.push(text === blocks.canonical[id] ? blocks.hash[id] : L.sha256Hex(text));
    }
    tamper.texts = texts;
    tamper.verdict = L.checkChain(texts, hashes, meta.difficulty, meta.proof_variant);
    return tamper.verdict;
  }
  function renderTamper(scrollToEnd) {
    const verdict = evaluateTamper();
    const v = document.getElementById('tamper-verdict');
    v.className = verdict.valid ? 'valid' : 'invalid';
    v.textContent = 'valid_chain: ' + L.verdictText(tamper.texts, verdict, meta.difficulty, meta.proof_variant);
    const cards = document.getElementById('tamper-cards');
    const scroll = cards.scrollLeft;
    cards.textContent = '';
    let broken = false;
    for (let pos = 0; pos < tamper.ids.length; pos++) {
      const id = tamper.ids[pos];
      const text = tamper.texts[pos];
      const link = verdict.links[pos];
      const edited = text !== blocks.canonical[id];
      if (link && !link.ok) broken = true;
      const card = el('div', { class: 'card' + (broken ? ' bad' : '') + (edited ? ' edited' : ''), 'data-position': String(pos) });
      card.append(el('h5', {}, 'position ' + pos + ' \u00b7 index ' + (pos + 1) + ' \u00b7 #' + R.height[id] +
                                (id ? ' by node ' + blocks.miner[id] : ' genesis')));
      const prev = L.previousHashSpan(text);
      card.append(el('div', { class: 'mono' }, 'previous_hash ' + text.slice(prev[0], prev[1]).slice(0, 18) + (prev[1] - prev[0] > 18 ? '\u2026"' : '')));
      const proofRow = el('div');
      proofRow.append('proof ');
      const proofInput = el('input', { 'data-field': 'proof', value: tamper.edits[pos].proof ?? String(L.proofOf(blocks.canonical[id])) });
      proofInput.addEventListener('change', () => {
        const r = L.canonicalNumber(proofInput.value, false);
        if (!r.ok) { proofInput.classList.add('error'); proofInput.title = r.error; return; }
        tamper.edits[pos].proof = r.text === String(L.proofOf(blocks.canonical[id])) ? null : r.text;
        renderTamper(false);
      });
      proofRow.append(proofInput);
      card.append(proofRow);
      const txs = blocks.amount_spans[id];
      const canonical = blocks.canonical[id];
      for (let j = 0; j < txs.length; j++) {
        const span = txs[j];
        const row = el('div', { class: 'tx' });
        if (span[1] === 0) { row.append(el('span', { class: 'muted' }, '(transaction without an amount)')); card.append(row); continue; }
        const txText = transactionText(canonical, span);
        row.append(el('span', { title: txText }, txText));
        const input = el('input', { 'data-field': 'amount', 'data-tx': String(j), value: tamper.edits[pos].amounts.get(j) ?? canonical.slice(span[0], span[1]) });
        input.addEventListener('change', () => {
          const r = L.canonicalNumber(input.value, true);
          if (!r.ok) { input.classList.add('error'); input.title = r.error; return; }
          if (r.text === canonical.slice(span[0], span[1])) tamper.edits[pos].amounts.delete(j);
          else tamper.edits[pos].amounts.set(j, r.text);
          renderTamper(false);
        });
        row.append(input);
        card.append(row);
      }
      const hash = verdict.hashes[pos];
      card.append(el('div', { class: 'mono' + (hash !== blocks.hash[id] ? ' why' : '') }, 'hash ' + hash.slice(0, 16) + '\u2026' + (hash !== blocks.hash[id] ? ' (changed)' : '')));
      if (pos === 0) card.append(el('div', { class: 'muted' }, 'genesis: trusted as it is'));
      else if (link.ok) card.append(el('div', { class: 'ok' }, '\u2714 links to the block before; proof valid'));
      else {
        card.append(el('div', { class: 'why' }, '\u2716 ' + (link.kind === 'previous_hash'
            ? 'previous_hash is not the hash of the block before'
            : 'proof not valid on top of the block before (its hash ' + link.digest.slice(0, 10) + '\u2026)')));
        if (link.kind === 'proof') {
          const mine = el('button', { 'data-action': 'mine' }, 'Mine (search a proof from 0)');
          mine.addEventListener('click', () => mineAt(pos));
          card.append(mine);
        }
      }
      if (broken && link && link.ok && pos > 0) card.append(el('div', { class: 'why' }, 'valid link, but the chain is already broken before it'));
      cards.append(card);
    }
    cards.scrollLeft = scrollToEnd ? cards.scrollWidth : scroll;
  }
  function transactionText(canonical, span) {
    // The whole {"amount": ..., ...} object around an amount, for display.
    const start = canonical.lastIndexOf('{', span[0]);
    const end = canonical.indexOf('}', span[1]);
    const obj = JSON.parse(canonical.slice(start, end + 1));
    return (obj.sender === '0' ? 'reward' : obj.sender) + ' \u2192 ' + obj.recipient;
  }
  function mineAt(pos) {
    const verdict = tamper.verdict;
    const lastHash = verdict.hashes[pos - 1];
    const lastProof = L.proofOf(tamper.texts[pos - 1]);
    const found = L.mineProof(lastProof, lastHash, meta.difficulty, meta.proof_variant, 20000000);
    if (found === null) return;
    tamper.edits[pos].proof = String(found);
    renderTamper(false);
  }
  document.getElementById('tamper-open').addEventListener('click', openTamper);
  document.getElementById('tamper-close').addEventListener('click', () => { document.getElementById('tamper').hidden = true; });
  document.getElementById('tamper-reset').addEventListener('click', () => {
    tamper.edits = tamper.ids.map(() => ({ proof: null, amounts: new Map() }));
    renderTamper(false);
  });
  document.getElementById('relink').addEventListener('change', (ev) => { tamper.relink = ev.target.checked; renderTamper(false); });
  document.getElementById('tamper-download').addEventListener('click', () => {
    const blob = new Blob([L.chainFile(tamper.texts)], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(blob), download: 'node' + tamper.node + '-tampered-chain.json' });
    document.body.append(a);
    a.click();
    a.remove();
  });

  return { open: openTamper, file: () => L.chainFile(tamper.texts) };
};
