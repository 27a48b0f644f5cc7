// chainsim replay page, part 4: the network view. ChainsimNetwork(env)
// draws the nodes where network.json places them, coloured by the branch of
// their tip at the current time (env.view()), and reports clicks (env.select).
window.ChainsimNetwork = function (env) {
  'use strict';
  const { R, L, el, plural, branchColor, blockColor, setup, partitionAt, minerScale } = env;
  const { NX, NY, REGION, REGION_NAMES, LINKS, DOWN, GROUP_TINTS, GROUP_INK, NS } = env;
  let state, now, selected, speed, playing;
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
    ({ state, now, selected, speed, playing } = env.view());
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
    const reach = nodeRadius(best, env.view().now) + 8;
    env.select(bestD <= reach * reach ? best : -1);
  });

  return { draw: drawNetwork };
};
