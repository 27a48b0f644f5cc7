// chainsim replay page, part 5: the race view. ChainsimRace(env) draws the
// height of every branch over time up to the current time (env.view()): one
// staircase per branch, partitions shaded, a cross where a stale branch was
// left, the live branches' heights at the right edge.
window.ChainsimRace = function (env) {
  'use strict';
  const { R, branches, partitions, DURATION, NS, setup, timeStep, niceStep, clock, branchColor } = env;
  const raceCanvas = document.getElementById('race');
  // Branches worth a line: the main chain and every stale branch.
  function draw() {
    const { now } = env.view();
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
  return { draw };
};
