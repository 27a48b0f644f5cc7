// chainsim replay page, part 2: the views and the controls.
//
// Everything drawn comes from the data chainsim wrote into the page (see
// sim/report/replay_page.h) through ChainsimLogic.Replay; the only thing
// computed here from scratch is what the user edits in tamper mode.
// window.replay is a small API for the browser tests (tests/browser/).
(function () {
  'use strict';
  const L = window.ChainsimLogic;
  const data = JSON.parse(document.getElementById('chainsim-data').textContent);
  const R = new L.Replay(data);
  const meta = data.meta;
  const blocks = data.blocks;
  const DURATION = meta.duration_ns;
  const NX = data.network.nodes.map((n) => n.x);
  const NY = data.network.nodes.map((n) => n.y);
  const REGION = data.network.nodes.map((n) => n.region);
  const REGION_NAMES = data.network.region_names;
  const LINKS = data.network.links.flat();
  const isMap = REGION_NAMES.length > 0;
  const NS = 1e9;

  // ------------------------------------------------------------- colours
  // The same palette as blocks.svg (sim/report/block_svg.cc).
  const MAIN = '#1f5fbf';
  const STALE = ['#e8710a', '#1e8e3e', '#9334e6', '#d93025', '#0e9fb8', '#c58a00', '#b80672', '#5f6368'];
  const DOWN = '#b9bec7';
  // Partition groups: tints unlike any branch colour, so a group is never
  // mistaken for a branch.
  const GROUP_TINTS = ['rgba(110,116,128,0.16)', 'rgba(214,170,0,0.20)', 'rgba(0,140,150,0.15)',
                       'rgba(190,60,110,0.13)', 'rgba(60,60,60,0.10)'];
  const GROUP_INK = ['#4b5160', '#8a6a00', '#00706f', '#9b2f5a', '#333'];
  function branchColor(b) { return b === 0 ? MAIN : STALE[(b - 1) % STALE.length]; }
  function blockColor(id) { return branchColor(R.branch[id]); }

  // --------------------------------------------------------------- format
  function clock(ns, withMs) {
    const s = ns / NS;
    const sign = s < 0 ? '-' : '';
    const a = Math.abs(s);
    const h = Math.floor(a / 3600), m = Math.floor((a % 3600) / 60), sec = a % 60;
    const secText = withMs ? sec.toFixed(3).padStart(6, '0') : String(Math.floor(sec)).padStart(2, '0');
    return sign + (h > 0 ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + secText;
  }
  function shortHash(id) { return blocks.hash[id].slice(0, 8); }
  function blockName(id) { return id === 0 ? '#0 genesis' : '#' + R.height[id] + ' ' + shortHash(id); }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ------------------------------------------------------ precomputations
  // Partitions: [start, end) with their groups; the group of a node in one.
  const partitions = [];
  for (const e of data.timeline) {
    if (e.action === 'partition') {
      if (partitions.length && partitions[partitions.length - 1].end === Infinity) {
        partitions[partitions.length - 1].end = e.time_ns;
      }
      const group = new Int32Array(R.n).fill(e.groups.length);
      e.groups.forEach((members, g) => members.forEach((node) => { group[node] = g; }));
      partitions.push({ start: e.time_ns, end: Infinity, names: e.group_names.concat(['rest']), group });
    } else if (e.action === 'heal' && partitions.length) {
      const p = partitions[partitions.length - 1];
      if (p.end === Infinity) p.end = e.time_ns;
    }
  }
  function partitionAt(t) {
    for (const p of partitions) if (t >= p.start && t < p.end) return p;
    return null;
  }
  // Narration and the events one can step to.
  const story = data.narration;
  const eventTimes = Array.from(new Set(story.time_ns)).sort((a, b) => a - b);
  // Reorganisations grouped: same new tip, in a row.
  const reorgMarks = [];
  for (let i = 0; i < data.reorgs.time_ns.length; i++) {
    const last = reorgMarks[reorgMarks.length - 1];
    if (last && last.tip === data.reorgs.new_tip[i]) {
      last.nodes++;
      last.depth = Math.max(last.depth, data.reorgs.depth[i]);
      last.end = data.reorgs.time_ns[i];
    } else {
      reorgMarks.push({ time: data.reorgs.time_ns[i], end: data.reorgs.time_ns[i], tip: data.reorgs.new_tip[i],
                        nodes: 1, depth: data.reorgs.depth[i] });
    }
  }
  // Branches: their blocks in mining order, when they start and when the last
  // node left them (from the recorded tips).
  const branchCount = R.blockCount > 0 ? Math.max(...R.branch) + 1 : 1;
  const branches = [];
  for (let b = 0; b < branchCount; b++) branches.push({ blocks: [], leftAt: 0 });
  for (let id = 0; id < R.blockCount; id++) branches[R.branch[id]].blocks.push(id);
  branches[0].leftAt = DURATION;
  for (let node = 0; node < R.n; node++) {
    const times = R.tipTimes[node], tips = R.tipBlocks[node];
    for (let k = 0; k < tips.length; k++) {
      const until = k + 1 < tips.length ? times[k + 1] : DURATION;
      const br = branches[R.branch[tips[k]]];
      if (until > br.leftAt) br.leftAt = until;
    }
  }
  // Miners' relative sizes: hash share against the mean miner's.
  function minerScale(node, t) {
    const rate = R.rate(node, t);
    if (rate <= 0) return 0;
    return Math.sqrt(rate / meanRate);
  }
  const rates = data.nodes.rate.filter((r) => r > 0);
  const meanRate = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : 1;
  const totalRate = rates.reduce((a, b) => a + b, 0) || 1;

  // ------------------------------------------------------------ the state
  let now = 0;
  let playing = false;
  let speed = 60;
  let selected = -1;
  // The tree's time window in seconds (0: the whole run): half an hour for
  // long runs, so blocks stay big enough to read.
  let treeSpan = DURATION > 45 * 60 * NS ? 1800 : 0;
  let showFuture = false;
  let state = R.state(0);
  let dirty = true;

  // --------------------------------------------------------------- header
  document.title = 'chainsim replay: ' + meta.name;
  document.getElementById('title').textContent = meta.name + ' \u2014 replay';
  document.getElementById('subtitle').textContent = meta.description ||
      (meta.source ? 'from ' + meta.source : 'the default scenario');
  const summary = data.summary;
  const chips = document.getElementById('chips');
  const chipList = [
    [meta.total_nodes, plural(meta.total_nodes, 'node', 'nodes').replace(/^\d+ /, '')],
    [summary.blocks.mined, 'blocks mined'],
    [summary.blocks.main_chain_height, 'main chain height'],
    [summary.blocks.stale, 'stale'],
    [summary.reorgs.count, 'reorganisations'],
    [meta.seed, 'seed'],
  ];
  for (const [value, label] of chipList) {
    const c = el('span', { class: 'chip' });
    c.append(el('b', {}, String(value)), ' ' + label);
    chips.append(c);
  }
  document.getElementById('about').textContent =
      'chainsim ' + meta.version + ', scenario ' + meta.name + ' (' + (meta.source || 'built in') +
      '), seed ' + meta.seed + ', ' + meta.protocol + ' protocol, ' + meta.topology +
      ' topology, difficulty ' + meta.difficulty + ', ' + meta.proof_variant +
      ' proof. Run fingerprint ' + (summary.fingerprint || '') + '.';
  if (meta.truncated_ns !== null) {
    const banner = document.getElementById('banner');
    banner.hidden = false;
    banner.textContent = 'This run is large: the per-node records stop at ' + clock(meta.truncated_ns) +
        '; after that the network view keeps the last recorded state (blocks, race and story are complete).';
  }

  // --------------------------------------------------------------- canvas
  function setup(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return { ctx, w, h };
  }
  function niceStep(range, target) {
    const raw = range / Math.max(target, 1);
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (raw <= m * pow) return m * pow;
    return 10 * pow;
  }
  function timeStep(rangeS, target) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
    const raw = rangeS / Math.max(target, 1);
    for (const s of steps) if (raw <= s) return s;
    return niceStep(rangeS, target);
  }

  // -------------------------------------------------------------- network
  // replay_network.js.
  const network = window.ChainsimNetwork({
    R, L, el, plural, branchColor, blockColor, setup, partitionAt, minerScale,
    NX, NY, REGION, REGION_NAMES, LINKS, DOWN, GROUP_TINTS, GROUP_INK, NS,
    view: () => ({ state, now, selected, speed, playing }),
    select: (node) => selectNode(node),
  });
  const drawNetwork = network.draw;
  // ----------------------------------------------------------- block tree
  const treeCanvas = document.getElementById('tree');
  let treeHits = [];
  function treeWindow() {
    if (treeSpan <= 0) return [0, DURATION];
    const span = treeSpan * NS;
    let start = now - span * 0.8;
    start = Math.max(0, Math.min(start, DURATION - span));
    return [start, Math.min(DURATION, start + span)];
  }
  function drawTree() {
    const { ctx, w, h } = setup(treeCanvas);
    const [t0, t1] = treeWindow();
    const left = 48, right = 14, top = 22, bottom = 30;
    const pw = w - left - right, ph = h - top - bottom;
    const X = (t) => left + ((t - t0) / (t1 - t0)) * pw;
    // Blocks shown: mined by now (or all with "show future"), inside the window
    // or the parent of one inside.
    const limit = showFuture ? Infinity : now;
    let hMin = Infinity, hMax = -Infinity;
    const shown = [];
    for (let id = 0; id < R.blockCount; id++) {
      const t = R.blockTime[id];
      if (t > limit || t > t1) continue;
      const inside = t >= t0;
      if (!inside) continue;
      shown.push(id);
      hMin = Math.min(hMin, R.height[id]);
      hMax = Math.max(hMax, R.height[id]);
    }
    if (!shown.length) { hMin = 0; hMax = 1; }
    // Parents just left of the window anchor the first links.
    hMin = Math.max(0, hMin - 1);
    hMax = hMax + 1;
    const Y = (hgt) => top + ph - ((hgt - hMin) / Math.max(hMax - hMin, 1)) * ph;
    // Partitions, heals and the other timeline events.
    for (const p of partitions) {
      const a = Math.max(p.start, t0), b = Math.min(p.end === Infinity ? DURATION : p.end, t1);
      if (b <= a) continue;
      ctx.fillStyle = '#fbe3d9';
      ctx.fillRect(X(a), top, X(b) - X(a), ph);
      ctx.fillStyle = '#b4560a';
      ctx.font = '600 13px sans-serif';
      ctx.textAlign = 'left';
      ctx.fillText('partition: ' + p.names.slice(0, -1).join(' | '), X(a) + 4, top + 12);
    }
    ctx.font = '12px sans-serif';
    for (const e of data.timeline) {
      if (e.time_ns < t0 || e.time_ns > t1 || e.action === 'partition' || e.action === 'transaction') continue;
      const x = X(e.time_ns);
      ctx.save();
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = e.action === 'heal' ? '#c62828' : '#5d6678';
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + ph); ctx.stroke();
      ctx.restore();
      ctx.fillStyle = e.action === 'heal' ? '#c62828' : '#5d6678';
      ctx.textAlign = 'left';
      ctx.fillText(e.action === 'hash_share' ? 'hash power' : e.action, x + 4, top + 26);
    }
    // Axes.
    ctx.strokeStyle = '#c9cfd9';
    ctx.lineWidth = 1;
    ctx.fillStyle = '#5d6678';
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    const stepS = timeStep((t1 - t0) / NS, Math.max(2, pw / 110));
    for (let s = Math.ceil(t0 / NS / stepS) * stepS; s * NS <= t1; s += stepS) {
      const x = X(s * NS);
      ctx.beginPath(); ctx.moveTo(x, top + ph); ctx.lineTo(x, top + ph + 5); ctx.stroke();
      ctx.fillText(clock(s * NS), x, top + ph + 18);
    }
    ctx.textAlign = 'right';
    const hStep = Math.max(1, niceStep(hMax - hMin, ph / 28));
    for (let v = Math.ceil(hMin / hStep) * hStep; v <= hMax; v += hStep) {
      ctx.fillText('#' + v, left - 6, Y(v) + 4);
      ctx.strokeStyle = '#eef0f4';
      ctx.beginPath(); ctx.moveTo(left, Y(v)); ctx.lineTo(left + pw, Y(v)); ctx.stroke();
    }
    ctx.save();
    ctx.translate(12, top + ph / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center'; ctx.fillText('height', 0, 0);
    ctx.restore();
    // Links, then boxes.
    const pitch = shown.length > 1 ? pw / Math.max(1, (t1 - t0) / (NS * 10)) : pw;
    const perHeight = ph / Math.max(hMax - hMin, 1);
    const boxH = Math.max(4, Math.min(22, perHeight * 0.7));
    const visibleSpan = (t1 - t0) / NS;
    const density = shown.length / Math.max(pw, 1);
    const boxW = Math.max(5, Math.min(46, 0.8 / Math.max(density, 1e-6)));
    ctx.lineWidth = 1.6;
    for (const id of shown) {
      const p = R.parent[id];
      if (p < 0) continue;
      ctx.strokeStyle = blockColor(id);
      ctx.globalAlpha = R.blockTime[id] > now ? 0.25 : 0.9;
      ctx.beginPath();
      ctx.moveTo(Math.max(left - 6, X(R.blockTime[p])), Y(R.height[p]));
      ctx.lineTo(X(R.blockTime[id]), Y(R.height[id]));
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    treeHits = [];
    const labels = boxW >= 26 && boxH >= 12;
    for (const id of shown) {
      const x = X(R.blockTime[id]), y = Y(R.height[id]);
      const future = R.blockTime[id] > now;
      const main = R.branch[id] === 0;
      ctx.globalAlpha = future ? 0.25 : 1;
      ctx.fillStyle = main ? MAIN : blockColor(id);
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      roundRect(ctx, x - boxW / 2, y - boxH / 2, boxW, boxH, 3);
      ctx.fill(); ctx.stroke();
      if (labels) {
        ctx.fillStyle = '#fff';
        ctx.font = '600 ' + Math.min(12, boxH - 2) + 'px sans-serif';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        const text = boxW >= 44 && R.parent[id] >= 0 ? '#' + R.height[id] + ' n' + blocks.miner[id]
                                                       : '#' + R.height[id];
        ctx.fillText(text, x, y + 0.5);
      }
      treeHits.push({ id, x, y, w: boxW, h: boxH });
    }
    ctx.globalAlpha = 1;
    // Fork marks: a parent with two children mined by now.
    ctx.fillStyle = '#e3a400';
    for (const id of shown) {
      if (R.blockTime[id] > now || R.parent[id] < 0) continue;
      const p = R.parent[id];
      if (R.children[p] < 2) continue;
      // Mark at the second child (the one that made the fork).
      let siblings = 0;
      for (let s = p + 1; s < id; s++) if (R.parent[s] === p) siblings++;
      if (siblings !== 1) continue;
      const x = X(R.blockTime[id]), y = Y(R.height[id]);
      ctx.beginPath();
      ctx.moveTo(x, y - boxH / 2 - 3); ctx.lineTo(x - 6, y - boxH / 2 - 12); ctx.lineTo(x + 6, y - boxH / 2 - 12);
      ctx.closePath(); ctx.fill();
    }
    // Tips now: how many live nodes sit on each block.
    ctx.font = 'bold 12px sans-serif';
    ctx.textBaseline = 'middle';
    for (const [tip, count] of state.tipCounts) {
      const t = R.blockTime[tip];
      if (t < t0 || t > t1) continue;
      const x = X(t) + boxW / 2 + 3, y = Y(R.height[tip]);
      const text = String(count);
      const tw = ctx.measureText(text).width + 8;
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = blockColor(tip);
      ctx.lineWidth = 2;
      roundRect(ctx, x, y - 9, tw, 18, 9);
      ctx.fill(); ctx.stroke();
      ctx.fillStyle = '#1d2433';
      ctx.textAlign = 'left';
      ctx.fillText(text, x + 4, y + 0.5);
    }
    // Reorganisations: triangles on the time axis.
    for (const m of reorgMarks) {
      if (m.time > now || m.time < t0 || m.time > t1) continue;
      const x = X(m.time);
      const size = Math.min(10, 4 + Math.sqrt(m.nodes) * 1.5);
      ctx.fillStyle = '#b0279e';
      ctx.beginPath();
      ctx.moveTo(x, top + ph - size * 1.6); ctx.lineTo(x - size, top + ph); ctx.lineTo(x + size, top + ph);
      ctx.closePath(); ctx.fill();
      if (m.depth >= 2 && pw > 300) {
        ctx.font = '12px sans-serif';
        ctx.textAlign = 'left';
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(plural(m.nodes, 'node', 'nodes') + ' switch, up to ' + m.depth + ' discarded',
                     x + size + 2, top + ph - 4);
      }
    }
    // Now.
    if (now >= t0 && now <= t1) {
      const x = X(now);
      ctx.strokeStyle = '#1d2433';
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(x, top - 4); ctx.lineTo(x, top + ph); ctx.stroke();
      ctx.fillStyle = '#1d2433';
      ctx.font = 'bold 12px sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'alphabetic';
      ctx.fillText('now ' + clock(now), Math.min(Math.max(x, left + 30), left + pw - 30), top - 8);
    }
    void pitch; void visibleSpan;
  }
  function roundRect(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }
  const tip = el('div', { id: 'tip', hidden: '' });
  document.body.append(tip);
  treeCanvas.addEventListener('mousemove', (ev) => {
    const rect = treeCanvas.getBoundingClientRect();
    const mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
    const hit = treeHits.find((b) => Math.abs(b.x - mx) <= b.w / 2 + 2 && Math.abs(b.y - my) <= b.h / 2 + 2);
    if (!hit) { tip.hidden = true; return; }
    const id = hit.id;
    tip.hidden = false;
    tip.style.left = ev.clientX + 14 + 'px';
    tip.style.top = ev.clientY + 10 + 'px';
    tip.textContent = blockName(id) + (id ? ' mined by node ' + blocks.miner[id] + ' at ' + clock(R.blockTime[id], true) : '') +
        (R.branch[id] === 0 ? ' \u2014 main chain' : ' \u2014 stale (branch ' + R.branch[id] + ')');
  });
  treeCanvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  for (const b of document.querySelectorAll('.zoom button')) {
    b.addEventListener('click', () => {
      treeSpan = Number(b.dataset.span);
      for (const o of document.querySelectorAll('.zoom button')) o.classList.toggle('active', o === b);
      dirty = true;
    });
  }
  document.getElementById('future').addEventListener('change', (ev) => { showFuture = ev.target.checked; dirty = true; });

  // ----------------------------------------------------------------- race
  // replay_race.js.
  const drawRace = window.ChainsimRace({
    R, branches, partitions, DURATION, NS, setup, timeStep, niceStep, clock, branchColor,
    view: () => ({ now }),
  }).draw;

  // ------------------------------------------------------------ narration
  const list = document.getElementById('narration');
  const items = [];
  for (let i = 0; i < story.time_ns.length; i++) {
    const li = el('li', { class: 'future k-' + story.kind[i] });
    li.append(el('span', { class: 't' }, clock(story.time_ns[i], true)), story.text[i]);
    li.addEventListener('click', () => seek(story.time_ns[i]));
    list.append(li);
    items.push(li);
  }
  let shownUpTo = -1; // items[0..shownUpTo] are visible
  function updateStory() {
    const last = L.Replay.last(story.time_ns, now);
    if (last === shownUpTo) return;
    if (shownUpTo >= 0 && items[shownUpTo]) items[shownUpTo].classList.remove('current');
    if (last > shownUpTo) {
      for (let i = shownUpTo + 1; i <= last; i++) items[i].classList.remove('future');
    } else {
      for (let i = last + 1; i <= shownUpTo; i++) items[i].classList.add('future');
    }
    shownUpTo = last;
    const line = document.getElementById('now-line');
    line.textContent = '';
    if (last >= 0) {
      items[last].classList.add('current');
      items[last].scrollIntoView({ block: 'nearest' });
      line.append(el('span', { class: 't' }, clock(story.time_ns[last], true)), story.text[last]);
    } else {
      line.textContent = 'Press Play, or step through the events.';
    }
  }

  // ------------------------------------------------------------ node panel
  function selectNode(node) {
    selected = node;
    if (node >= 0) showTab('node');
    dirty = true;
  }
  function updateNodePanel() {
    const empty = document.getElementById('node-empty');
    const body = document.getElementById('node-body');
    if (selected < 0) { empty.hidden = false; body.hidden = true; return; }
    empty.hidden = true; body.hidden = false;
    const node = selected;
    const status = state.status[node];
    const tipId = state.tips[node];
    const part = partitionAt(now);
    document.getElementById('node-title').textContent = 'Node ' + node + ' at ' + clock(now, true);
    const facts = document.getElementById('node-facts');
    facts.textContent = '';
    const rate = R.rate(node, now);
    const peers = [];
    for (let k = 0; k < LINKS.length; k += 2) {
      if (LINKS[k] === node) peers.push(LINKS[k + 1]);
      else if (LINKS[k + 1] === node) peers.push(LINKS[k]);
    }
    const lines = [
      status === 'up' ? 'up' : status === 'down' ? 'crashed' : 'not joined yet',
      part ? 'in group ' + part.names[part.group[node]] : null,
      rate > 0 ? 'mines with ' + (100 * rate / totalRate).toFixed(1) + ' % of the hash power' : 'does not mine',
      isMap && REGION[node] >= 0 ? 'region ' + REGION_NAMES[REGION[node]].replace(/_/g, ' ') : null,
      'tip ' + blockName(tipId) + (R.branch[tipId] === 0 ? ' (main chain)' : ' (branch ' + R.branch[tipId] + ', abandoned later)'),
      plural(peers.length, 'peer', 'peers') + ': ' + peers.slice(0, 12).sort((a, b) => a - b).join(', ') + (peers.length > 12 ? ', \u2026' : ''),
    ];
    for (const text of lines) if (text) facts.append(el('div', {}, text));
    const chain = R.chain(tipId);
    document.getElementById('node-chain-count').textContent = '(' + plural(chain.length, 'block', 'blocks') + ', newest first)';
    const tbody = document.querySelector('#node-chain tbody');
    tbody.textContent = '';
    const shownBlocks = chain.slice(-14).reverse();
    for (const id of shownBlocks) {
      const tr = el('tr');
      tr.style.color = blockColor(id);
      const txCount = blocks.amount_spans[id].length;
      tr.append(el('td', {}, '#' + R.height[id]), el('td', { class: 'hash' }, shortHash(id)),
                el('td', {}, id === 0 ? '\u2014' : 'node ' + blocks.miner[id]),
                el('td', {}, clock(R.blockTime[id])), el('td', {}, String(txCount)));
      tbody.append(tr);
    }
    if (chain.length > shownBlocks.length) {
      const tr = el('tr');
      tr.append(el('td', { colspan: '5', class: 'muted' }, '\u2026 ' + (chain.length - shownBlocks.length) + ' older blocks down to genesis'));
      tbody.append(tr);
    }
    const pending = R.pending(node, now);
    document.getElementById('node-pending-count').textContent = '(' + pending.length + ')';
    const ol = document.getElementById('node-pending');
    ol.textContent = '';
    for (const tx of pending.slice(0, 25)) ol.append(el('li', {}, data.transactions[tx]));
    if (pending.length > 25) ol.append(el('li', { class: 'muted' }, '\u2026 and ' + (pending.length - 25) + ' more'));
    if (!pending.length) ol.append(el('li', { class: 'muted' }, 'none: the next block it mines carries only its reward'));
  }

  // ---------------------------------------------------------------- tamper
  // replay_tamper.js; it sees the selected node's chain at this moment.
  const tamper = window.ChainsimTamper({
    data, R, L, el, clock, plural,
    chainOfSelection: () => ({ node: selected, at: now, ids: R.chain(state.tips[selected]) }),
    pause: () => setPlaying(false),
  });
  const openTamper = tamper.open;
  // ------------------------------------------------------------------ time
  const slider = document.getElementById('slider');
  slider.max = String(Math.max(1, Math.round(DURATION / 1e6))); // milliseconds
  slider.addEventListener('input', () => { seek(Number(slider.value) * 1e6, true); });
  const speedSelect = document.getElementById('speed');
  const speeds = [1, 5, 15, 60, 300, 900, 3600];
  for (const s of speeds) {
    speedSelect.append(el('option', { value: String(s) }, s === 1 ? 'real time' : s < 60 ? s + '\u00d7' : s === 60 ? '1 min per second' : s === 3600 ? '1 h per second' : s / 60 + ' min per second'));
  }
  speed = speeds.find((s) => DURATION / NS / s <= 90) || speeds[speeds.length - 1];
  speedSelect.value = String(speed);
  speedSelect.addEventListener('change', () => { speed = Number(speedSelect.value); });
  const playButton = document.getElementById('play');
  function setPlaying(on) {
    playing = on;
    playButton.innerHTML = on ? '&#10074;&#10074; Pause' : '&#9654; Play';
    if (on) {
      if (now >= DURATION) seek(0);
      lastFrame = null;
      requestAnimationFrame(frame);
    }
  }
  playButton.addEventListener('click', () => setPlaying(!playing));
  function seek(t, fromSlider) {
    now = Math.max(0, Math.min(DURATION, t));
    if (!fromSlider) slider.value = String(Math.round(now / 1e6));
    dirty = true;
    if (!playing) requestAnimationFrame(renderIfDirty);
  }
  function nextEvent() {
    const k = eventTimes.findIndex((t) => t > now);
    if (k >= 0) seek(eventTimes[k]);
    return now;
  }
  function prevEvent() {
    let k = -1;
    for (let i = 0; i < eventTimes.length && eventTimes[i] < now; i++) k = i;
    seek(k >= 0 ? eventTimes[k] : 0);
    return now;
  }
  document.getElementById('next').addEventListener('click', () => { setPlaying(false); nextEvent(); });
  document.getElementById('prev').addEventListener('click', () => { setPlaying(false); prevEvent(); });
  document.addEventListener('keydown', (ev) => {
    if (ev.target && (ev.target.tagName === 'INPUT' && ev.target.type !== 'range' || ev.target.tagName === 'SELECT')) return;
    if (ev.key === ' ') { ev.preventDefault(); setPlaying(!playing); }
    else if (ev.key === 'ArrowRight') { ev.preventDefault(); setPlaying(false); nextEvent(); }
    else if (ev.key === 'ArrowLeft') { ev.preventDefault(); setPlaying(false); prevEvent(); }
  });
  let lastFrame = null;
  const frameTimes = [];
  function frame(ts) {
    if (!playing) return;
    if (lastFrame !== null) {
      const dt = Math.min(ts - lastFrame, 100);
      frameTimes.push(ts - lastFrame);
      if (frameTimes.length > 600) frameTimes.shift();
      now = Math.min(DURATION, now + dt * 1e6 * speed);
      slider.value = String(Math.round(now / 1e6));
      dirty = true;
    }
    lastFrame = ts;
    renderIfDirty();
    if (now >= DURATION) { setPlaying(false); return; }
    requestAnimationFrame(frame);
  }

  // ---------------------------------------------------------------- tabs
  function showTab(name) {
    for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('active', b.dataset.tab === name);
    for (const t of ['story', 'node', 'help']) document.getElementById('tab-' + t).hidden = t !== name;
  }
  for (const b of document.querySelectorAll('.tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));

  // --------------------------------------------------------------- render
  function render() {
    state = R.state(now);
    document.getElementById('clock').textContent = clock(now) + ' / ' + clock(DURATION);
    drawNetwork();
    drawTree();
    drawRace();
    updateStory();
    updateNodePanel();
  }
  function renderIfDirty() {
    if (!dirty) return;
    dirty = false;
    render();
  }
  window.addEventListener('resize', () => { dirty = true; requestAnimationFrame(renderIfDirty); });
  document.querySelector('.zoom button[data-span="' + treeSpan + '"]').classList.add('active');
  render();

  // ------------------------------------------------------- the test hooks
  window.replay = {
    data,
    logic: R,
    seek: (t) => { seek(t); renderIfDirty(); return now; },
    now: () => now,
    nextEvent: () => { nextEvent(); renderIfDirty(); return now; },
    prevEvent: () => { prevEvent(); renderIfDirty(); return now; },
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    playing: () => playing,
    setSpeed: (s) => { speed = s; },
    frameTimes: () => frameTimes.slice(),
    // What the network view shows now: per node its tip's hash, height,
    // status and fill colour, and the agreement figures.
    view: () => (renderIfDirty(), {
      time_ns: now,
      nodes: Array.from(state.tips, (t, i) => ({
        tip: blocks.hash[t], height: R.height[t], status: state.status[i],
        color: state.status[i] === 'down' ? DOWN : blockColor(t),
      })),
      distinct_tips: state.distinctTips,
      share_on_top_tip: state.shareOnTopTip,
      min_height: state.minHeight,
      max_height: state.maxHeight,
      current_line: shownUpTo >= 0 ? story.text[shownUpTo] : '',
    }),
    mainColor: MAIN,
    selectNode: (i) => { selectNode(i); renderIfDirty(); },
    openTamper,
    tamperFile: tamper.file,
    tamperVerdict: () => document.getElementById('tamper-verdict').textContent,
  };
})();
