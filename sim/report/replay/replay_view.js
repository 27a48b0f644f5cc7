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
      (meta.source ? 'from ' + meta.source : 'the built-in scenario');
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
  const netCanvas = document.getElementById('network');
  const isMap = REGION_NAMES.length > 0;
  let netGeom = null;
  function netTransform(w, h) {
    const pad = 22;
    const aspect = isMap ? 2.1 : 1.0; // width / height of the drawing
    let dw = w - 2 * pad, dh = h - 2 * pad;
    if (dw / dh > aspect) dw = dh * aspect; else dh = dw / aspect;
    const ox = (w - dw) / 2, oy = (h - dh) / 2;
    return { x: (i) => ox + NX[i] * dw, y: (i) => oy + NY[i] * dh, dw, dh, ox, oy };
  }
  function baseRadius() {
    const n = R.n;
    if (n <= 12) return 19;
    if (n <= 30) return 15;
    if (n <= 80) return 10;
    if (n <= 300) return 6.5;
    return 3.6;
  }
  function nodeRadius(node, t) {
    const s = minerScale(node, t);
    const base = baseRadius();
    return s === 0 ? base * 0.62 : base * Math.min(2.4, Math.max(0.7, s));
  }
  function drawNetwork() {
    const { ctx, w, h } = setup(netCanvas);
    const T = netTransform(w, h);
    netGeom = T;
    const part = partitionAt(now);
    const links = LINKS;
    // Regions: a label over each region's nodes.
    if (isMap) {
      const names = REGION_NAMES;
      const sum = names.map(() => ({ x: 0, y: 0, n: 0, top: Infinity }));
      for (let i = 0; i < R.n; i++) {
        const r = REGION[i];
        if (r < 0) continue;
        sum[r].x += T.x(i); sum[r].n++; sum[r].top = Math.min(sum[r].top, T.y(i));
      }
      ctx.font = '600 13px sans-serif';
      ctx.textAlign = 'center';
      ctx.fillStyle = '#6b7385';
      names.forEach((name, r) => {
        if (!sum[r].n) return;
        ctx.fillText(name.replace(/_/g, ' ') + ' (' + sum[r].n + ')', sum[r].x / sum[r].n, sum[r].top - 8);
      });
    }
    // Partition groups: a tint behind their members, their names.
    if (part) {
      const base = baseRadius();
      for (let i = 0; i < R.n; i++) {
        const g = part.group[i];
        ctx.fillStyle = GROUP_TINTS[g % GROUP_TINTS.length];
        ctx.beginPath();
        ctx.arc(T.x(i), T.y(i), base * 1.9 + 5, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    // Links (cut ones red and dashed during a partition; the selected
    // node's in black).
    const many = links.length / 2 > 3000;
    ctx.lineWidth = many ? 0.5 : 1.3;
    ctx.strokeStyle = many ? 'rgba(120,130,150,0.16)' : 'rgba(120,130,150,0.55)';
    ctx.beginPath();
    const cut = [];
    for (let k = 0; k < links.length; k += 2) {
      const a = links[k], b = links[k + 1];
      if (part && part.group[a] !== part.group[b]) { cut.push(a, b); continue; }
      ctx.moveTo(T.x(a), T.y(a));
      ctx.lineTo(T.x(b), T.y(b));
    }
    ctx.stroke();
    if (cut.length) {
      ctx.save();
      ctx.setLineDash([5, 4]);
      ctx.strokeStyle = many ? 'rgba(198,40,40,0.35)' : 'rgba(198,40,40,0.85)';
      ctx.lineWidth = many ? 0.6 : 1.6;
      ctx.beginPath();
      for (let k = 0; k < cut.length; k += 2) {
        ctx.moveTo(T.x(cut[k]), T.y(cut[k]));
        ctx.lineTo(T.x(cut[k + 1]), T.y(cut[k + 1]));
      }
      ctx.stroke();
      ctx.restore();
    }
    if (selected >= 0) {
      ctx.strokeStyle = '#1d2433';
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let k = 0; k < links.length; k += 2) {
        if (links[k] !== selected && links[k + 1] !== selected) continue;
        ctx.moveTo(T.x(links[k]), T.y(links[k]));
        ctx.lineTo(T.x(links[k + 1]), T.y(links[k + 1]));
      }
      ctx.stroke();
    }
    // Nodes.
    const base = baseRadius();
    // A glow for a node whose tip just changed: in the last half second of
    // playback, or the last simulated second when paused.
    const recent = playing ? speed * 0.5 * NS : NS;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < R.n; i++) {
      const x = T.x(i), y = T.y(i);
      const r = nodeRadius(i, now);
      const status = state.status[i];
      const tip = state.tips[i];
      if (status === 'absent') {
        ctx.save();
        ctx.setLineDash([3, 3]);
        ctx.strokeStyle = '#8a93a3';
        ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.stroke();
        ctx.restore();
        continue;
      }
      const k = L.Replay.last(R.tipTimes[i], now);
      if (status === 'up' && k >= 0 && now - R.tipTimes[i][k] < recent && base >= 6) {
        ctx.fillStyle = 'rgba(255, 196, 0, 0.55)';
        ctx.beginPath(); ctx.arc(x, y, r + 5, 0, 2 * Math.PI); ctx.fill();
      }
      const color = status === 'down' ? DOWN : blockColor(tip);
      const miner = minerScale(i, now) > 0;
      ctx.fillStyle = miner ? color : '#ffffff';
      ctx.strokeStyle = miner ? 'rgba(0,0,0,0.35)' : color;
      ctx.lineWidth = miner ? 1 : Math.max(2, r * 0.35);
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
      if (status === 'down') {
        ctx.strokeStyle = '#4a4f59'; ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x - r * 0.6, y - r * 0.6); ctx.lineTo(x + r * 0.6, y + r * 0.6);
        ctx.moveTo(x + r * 0.6, y - r * 0.6); ctx.lineTo(x - r * 0.6, y + r * 0.6);
        ctx.stroke();
      }
      if (i === selected) {
        ctx.strokeStyle = '#000'; ctx.lineWidth = 3;
        ctx.beginPath(); ctx.arc(x, y, r + 4, 0, 2 * Math.PI); ctx.stroke();
      }
      if (base >= 10) {
        ctx.fillStyle = miner && status !== 'down' ? '#fff' : '#1d2433';
        ctx.font = '600 ' + Math.round(Math.min(r, 15) * 0.95) + 'px sans-serif';
        ctx.fillText(String(i), x, y + 0.5);
        if (status === 'up') {
          // The tip's height, outwards from the middle of the drawing.
          const mx = T.ox + T.dw / 2, my = T.oy + T.dh / 2;
          const dx = x - mx, dy = y - my, len = Math.hypot(dx, dy) || 1;
          ctx.fillStyle = '#1d2433';
          ctx.font = '12px sans-serif';
          ctx.fillText('#' + R.height[tip], x + (dx / len) * (r + 13), y + (dy / len) * (r + 11));
        }
      }
    }
    // Group names, outside the group: from the middle of the drawing past the
    // group's farthest node, in the direction of its nodes.
    if (part) {
      ctx.font = 'bold 17px sans-serif';
      const cx = T.ox + T.dw / 2, cy = T.oy + T.dh / 2;
      const sums = part.names.map(() => ({ x: 0, y: 0, n: 0, reach: 0 }));
      for (let i = 0; i < R.n; i++) {
        const s = sums[part.group[i]];
        s.x += T.x(i); s.y += T.y(i); s.n++;
        s.reach = Math.max(s.reach, Math.hypot(T.x(i) - cx, T.y(i) - cy));
      }
      part.names.forEach((name, g) => {
        const s = sums[g];
        if (!s.n) return;
        const dx = s.x / s.n - cx, dy = s.y / s.n - cy;
        const len = Math.hypot(dx, dy);
        const text = name + ' (' + plural(s.n, 'node', 'nodes') + ')';
        const half = ctx.measureText(text).width / 2;
        let x = cx, y = cy;
        if (len > 1) {
          x = cx + (dx / len) * (s.reach + 34 + half * Math.abs(dx / len));
          y = cy + (dy / len) * (s.reach + 30);
        }
        x = Math.min(Math.max(x, half + 4), w - half - 4);
        y = Math.min(Math.max(y, 30), h - 10);
        ctx.fillStyle = GROUP_INK[g % GROUP_INK.length];
        ctx.fillText(text, x, y);
      });
      ctx.font = '600 13px sans-serif';
      ctx.fillStyle = '#c62828';
      ctx.textAlign = 'left';
      ctx.fillText('PARTITION: red links are cut', 8, 14);
    }
    drawNetLegend();
    document.getElementById('net-stats').textContent =
        plural(state.distinctTips, 'tip', 'tips') + ' among ' + plural(state.live, 'live node', 'live nodes') +
        ' \u00b7 ' + Math.round(state.shareOnTopTip * 100) + ' % on the most common' +
        ' \u00b7 heights ' + (state.minHeight === state.maxHeight ? state.minHeight
                                                                    : state.minHeight + '\u2013' + state.maxHeight);
  }
  let legendKey = '';
  function drawNetLegend() {
    const present = new Map();
    let down = 0, absent = 0;
    for (let i = 0; i < R.n; i++) {
      if (state.status[i] === 'down') { down++; continue; }
      if (state.status[i] === 'absent') { absent++; continue; }
      const b = R.branch[state.tips[i]];
      present.set(b, (present.get(b) || 0) + 1);
    }
    const keys = Array.from(present.keys()).sort((a, b) => a - b);
    const key = keys.map((b) => b + ':' + present.get(b)).join(',') + '|' + down + '|' + absent;
    if (key === legendKey) return;
    legendKey = key;
    const legend = document.getElementById('net-legend');
    legend.textContent = '';
    for (const b of keys) {
      const item = el('span');
      const dot = el('i');
      dot.style.background = branchColor(b);
      item.append(dot, (b === 0 ? 'main chain (kept)' : 'branch ' + b + ' (abandoned later)') +
                  ': ' + plural(present.get(b), 'node', 'nodes'));
      legend.append(item);
    }
    if (down) {
      const item = el('span'); const dot = el('i'); dot.style.background = DOWN;
      item.append(dot, 'crashed: ' + down); legend.append(item);
    }
    if (absent) legend.append(el('span', {}, '\u25cc not joined yet: ' + absent));
    legend.append(el('span', {}, 'size = hash power; white = does not mine'));
  }
  netCanvas.addEventListener('click', (ev) => {
    if (!netGeom) return;
    const rect = netCanvas.getBoundingClientRect();
    const mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
    let best = -1, bestD = Infinity;
    for (let i = 0; i < R.n; i++) {
      const dx = netGeom.x(i) - mx, dy = netGeom.y(i) - my;
      const d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    const reach = nodeRadius(best, now) + 8;
    selectNode(bestD <= reach * reach ? best : -1);
  });

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
  const raceCanvas = document.getElementById('race');
  // Branches worth a line: the main chain and every stale branch.
  function drawRace() {
    const { ctx, w, h } = setup(raceCanvas);
    const left = 44, right = 86, top = 14, bottom = 30;
    const pw = w - left - right, ph = h - top - bottom;
    // Heights up to the highest block mined so far, so the race fills the view.
    let maxH = 1;
    for (let id = 0; id < R.blockCount && R.blockTime[id] <= now; id++) maxH = Math.max(maxH, R.height[id]);
    maxH = Math.ceil(maxH * 1.08 + 1);
    const X = (t) => left + (t / DURATION) * pw;
    const Y = (v) => top + ph - (v / maxH) * ph;
    for (const p of partitions) {
      const a = p.start, b = p.end === Infinity ? DURATION : p.end;
      ctx.fillStyle = '#fbe3d9';
      ctx.fillRect(X(a), top, X(b) - X(a), ph);
    }
    ctx.strokeStyle = '#c9cfd9';
    ctx.fillStyle = '#5d6678';
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'center';
    const stepS = timeStep(DURATION / NS, Math.max(2, pw / 90));
    for (let s = 0; s * NS <= DURATION; s += stepS) {
      ctx.fillText(clock(s * NS), X(s * NS), top + ph + 18);
    }
    ctx.textAlign = 'right';
    const hStep = Math.max(1, niceStep(maxH, ph / 30));
    for (let v = 0; v <= maxH; v += hStep) {
      ctx.strokeStyle = '#eef0f4';
      ctx.beginPath(); ctx.moveTo(left, Y(v)); ctx.lineTo(left + pw, Y(v)); ctx.stroke();
      ctx.fillText(String(v), left - 6, Y(v) + 4);
    }
    // One staircase per branch, up to now; a stale one ends when its last node leaves it.
    const labels = [];
    const readout = [];
    for (let b = 0; b < branches.length; b++) {
      const ids = branches[b].blocks;
      if (!ids.length) continue;
      const first = ids[0];
      if (R.blockTime[first] > now) continue;
      const end = Math.min(now, branches[b].leftAt);
      const start = b === 0 ? 0 : R.blockTime[first];
      let hgt = b === 0 ? 0 : R.height[R.parent[first]];
      ctx.strokeStyle = branchColor(b);
      ctx.lineWidth = b === 0 ? 3 : 2.5;
      ctx.beginPath();
      ctx.moveTo(X(start), Y(hgt));
      for (const id of ids) {
        const t = R.blockTime[id];
        if (t > end) break;
        if (R.height[id] <= hgt) continue;
        ctx.lineTo(X(t), Y(hgt));
        hgt = R.height[id];
        ctx.lineTo(X(t), Y(hgt));
      }
      ctx.lineTo(X(end), Y(hgt));
      ctx.stroke();
      if (end < now && b !== 0) {
        ctx.fillStyle = branchColor(b);
        ctx.font = 'bold 14px sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText('\u2715', X(end), Y(hgt) + 5);
      } else {
        labels.push({ b, y: Y(hgt), hgt });
        readout.push((b === 0 ? 'main' : 'branch ' + b) + ' ' + hgt);
      }
    }
    // Labels of the live branches at the right edge, kept apart.
    labels.sort((a, b) => a.y - b.y);
    let lastY = -Infinity;
    ctx.font = 'bold 13px sans-serif';
    ctx.textAlign = 'left';
    for (const l of labels) {
      const y = Math.max(l.y, lastY + 15);
      lastY = y;
      ctx.fillStyle = branchColor(l.b);
      ctx.fillText((l.b === 0 ? 'main ' : 'br ' + l.b + ' ') + '#' + l.hgt, left + pw + 6, y + 4);
    }
    const x = X(now);
    ctx.strokeStyle = '#1d2433';
    ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + ph); ctx.stroke();
    document.getElementById('race-stats').textContent = readout.join(' \u00b7 ');
  }

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
    if (selected < 0) return;
    tamper.node = selected;
    tamper.at = now;
    tamper.ids = R.chain(state.tips[selected]);
    tamper.edits = tamper.ids.map(() => ({ proof: null, amounts: new Map() }));
    setPlaying(false);
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
    tamperFile: () => L.chainFile(tamper.texts),
    tamperVerdict: () => document.getElementById('tamper-verdict').textContent,
  };
})();
