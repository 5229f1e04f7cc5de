// The playground page: a 2-3-1 ReLU network on the square [-1, 1]^2 (nnlecture/playground.py
// writes DATA, the numbers nnmath computed: data set, starts, learning rate, theme colours).
//
//   y = phi_0 + sum_d phi_d ReLU[theta_d0 + theta_d1 x_1 + theta_d2 x_2],   d = 1, 2, 3
//
// The map is sig(y) per pixel (continuous); the linear regions are exact: the square is clipped
// by each unit's line theta_d0 + theta_d1 x_1 + theta_d2 x_2 = 0 (as nnmath.regions_2d does,
// with its distance tolerance), and the decision boundary y = 0 is clipped out of every region,
// where y is affine. Training is full-batch gradient descent on the mean binary cross-entropy of
// sig(y), the same arithmetic as nnmath.playground.descend.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("playground-data").textContent);
  const UNITS = 3;
  // nnmath.regions.DISTANCE_RTOL times the square's diameter
  const DIST_TOL = DATA.distance_rtol * 2 * Math.SQRT2;
  const state = {
    theta: DATA.net.theta.map(row => row.slice()),
    phi: DATA.net.phi.slice(),
    epoch: 0,
    losses: [],
    running: false,
    startLabel: "",
  };

  // --- the network ---------------------------------------------------------------------------
  function pre(d, x1, x2) {
    const t = state.theta[d];
    return t[0] + t[1] * x1 + t[2] * x2;
  }
  function output(x1, x2) {
    let y = state.phi[0];
    for (let d = 0; d < UNITS; d++) y += state.phi[d + 1] * Math.max(pre(d, x1, x2), 0);
    return y;
  }
  function sigmoid(y) { return 0.5 * (1 + Math.tanh(0.5 * y)); }
  function softplus(y) { return Math.max(y, 0) + Math.log1p(Math.exp(-Math.abs(y))); }

  // Mean binary cross-entropy, accuracy and the gradient by backpropagation:
  // g_n = (sig(y_n) - c_n) / N; dphi_0 = sum g_n; dphi_d = sum g_n h_nd;
  // dtheta_di = sum g_n phi_d [pre_nd > 0] x_ni (x_n0 = 1)
  function lossAndGradient() {
    const xs = DATA.data.x, cs = DATA.data.labels, n = cs.length;
    const dtheta = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], dphi = [0, 0, 0, 0];
    let loss = 0, right = 0;
    for (let i = 0; i < n; i++) {
      const x1 = xs[i][0], x2 = xs[i][1], c = cs[i];
      const z = [pre(0, x1, x2), pre(1, x1, x2), pre(2, x1, x2)];
      let y = state.phi[0];
      for (let d = 0; d < UNITS; d++) y += state.phi[d + 1] * Math.max(z[d], 0);
      loss += softplus(y) - c * y;
      if ((y > 0) === (c === 1)) right += 1;
      const g = (sigmoid(y) - c) / n;
      dphi[0] += g;
      for (let d = 0; d < UNITS; d++) {
        dphi[d + 1] += g * Math.max(z[d], 0);
        if (z[d] > 0) {
          const gz = g * state.phi[d + 1];
          dtheta[d][0] += gz;
          dtheta[d][1] += gz * x1;
          dtheta[d][2] += gz * x2;
        }
      }
    }
    return { loss: loss / n, accuracy: right / n, dtheta, dphi };
  }

  // units whose ReLU is 0 on every data point (they get no gradient)
  function deadUnits() {
    const dead = [];
    for (let d = 0; d < UNITS; d++) {
      if (DATA.data.x.every(p => pre(d, p[0], p[1]) <= 0)) dead.push(d + 1);
    }
    return dead;
  }

  // epochs of gradient descent: theta <- theta - lr dL/dtheta, phi <- phi - lr dL/dphi
  // (state.losses[e]: the loss after e epochs)
  function descend(epochs) {
    for (let e = 0; e < epochs; e++) {
      const step = lossAndGradient();
      state.losses[state.epoch] = step.loss;
      for (let d = 0; d < UNITS; d++) {
        for (let i = 0; i < 3; i++) state.theta[d][i] -= DATA.lr * step.dtheta[d][i];
      }
      for (let j = 0; j <= UNITS; j++) state.phi[j] -= DATA.lr * step.dphi[j];
      state.epoch += 1;
    }
  }

  // --- the exact linear regions --------------------------------------------------------------
  const SQUARE = [[-1, -1], [1, -1], [1, 1], [-1, 1]];

  // Split a convex polygon by the line a x_1 + b x_2 + c = 0: [] if it does not cross it
  // (every vertex within DIST_TOL of the line or on one side), else the two parts.
  function split(poly, a, b, c) {
    const norm = Math.hypot(a, b);
    if (norm === 0) return [];
    const s = poly.map(p => (a * p[0] + b * p[1] + c) / norm);
    if (!s.some(v => v > DIST_TOL) || !s.some(v => v < -DIST_TOL)) return [];
    const plus = [], minus = [];
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i], q = poly[(i + 1) % poly.length];
      const sp = Math.abs(s[i]) <= DIST_TOL ? 0 : s[i];
      const sq = Math.abs(s[(i + 1) % poly.length]) <= DIST_TOL ? 0 : s[(i + 1) % poly.length];
      if (sp >= 0) plus.push(p);
      if (sp <= 0) minus.push(p);
      if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
        const t = sp / (sp - sq);
        const cut = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
        plus.push(cut);
        minus.push(cut);
      }
    }
    return [plus, minus];
  }

  function regions() {
    let polys = [SQUARE];
    for (let d = 0; d < UNITS; d++) {
      const t = state.theta[d];
      const next = [];
      for (const poly of polys) {
        const parts = split(poly, t[1], t[2], t[0]);
        if (parts.length) next.push(...parts); else next.push(poly);
      }
      polys = next;
    }
    return polys.map(poly => {
      const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length;
      const cy = poly.reduce((s, p) => s + p[1], 0) / poly.length;
      // y = A . x + B on the region: the units on at its centre
      let A = [0, 0], B = state.phi[0];
      for (let d = 0; d < UNITS; d++) {
        if (pre(d, cx, cy) > 0) {
          const t = state.theta[d], w = state.phi[d + 1];
          A = [A[0] + w * t[1], A[1] + w * t[2]];
          B += w * t[0];
        }
      }
      return { poly, A, B };
    });
  }

  // the piece of the line a x_1 + b x_2 + c = 0 inside a convex polygon, or null
  function chord(poly, a, b, c) {
    const parts = split(poly, a, b, c);
    if (!parts.length) return null;
    const norm = Math.hypot(a, b);
    const on = parts[0].filter(p => Math.abs(a * p[0] + b * p[1] + c) / norm <= 1e-9);
    return on.length >= 2 ? [on[0], on[on.length - 1]] : null;
  }

  // --- drawing -------------------------------------------------------------------------------
  const C = DATA.colors;
  const map = document.getElementById("map");
  const ctx = map.getContext("2d");
  const M = DATA.layout; // map area inside the canvas: left, top, size
  const toX = x1 => M.left + (x1 + 1) / 2 * M.size;
  const toY = x2 => M.top + (1 - x2) / 2 * M.size;
  const hex = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
  const bg = hex(C.background), c0 = hex(C.class0_fill), c1 = hex(C.class1_fill);
  const pixels = ctx.createImageData(M.size, M.size);

  function drawMap() {
    const n = M.size, data = pixels.data;
    for (let r = 0; r < n; r++) {
      const x2 = 1 - 2 * (r + 0.5) / n;
      for (let k = 0; k < n; k++) {
        const x1 = -1 + 2 * (k + 0.5) / n;
        // P(class 1) = sig(y): class 0's colour at 0, the background at 1/2, class 1's at 1
        const p = sigmoid(output(x1, x2));
        const t = Math.sqrt(Math.abs(2 * p - 1)) * DATA.tint, end = p > 0.5 ? c1 : c0;
        const o = 4 * (r * n + k);
        for (let j = 0; j < 3; j++) data[o + j] = Math.round(bg[j] + t * (end[j] - bg[j]));
        data[o + 3] = 255;
      }
    }
    ctx.putImageData(pixels, M.left, M.top);
  }

  function line(points, color, width, dash) {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.setLineDash(dash || []);
    ctx.beginPath();
    ctx.moveTo(toX(points[0][0]), toY(points[0][1]));
    for (const p of points.slice(1)) ctx.lineTo(toX(p[0]), toY(p[1]));
    ctx.stroke();
    ctx.setLineDash([]);
  }

  function drawAxes() {
    ctx.fillStyle = C.background;
    ctx.fillRect(0, 0, map.width, map.height);
    ctx.fillStyle = C.text;
    ctx.font = `${DATA.fonts.label}px ${DATA.fonts.family}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const v of [-1, 0, 1]) ctx.fillText(v === -1 ? "\u22121" : String(v), toX(v), M.top + M.size + 10);
    ctx.fillText("x\u2081", toX(0.5), M.top + M.size + 10);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const v of [-1, 0, 1]) ctx.fillText(v === -1 ? "\u22121" : String(v), M.left - 12, toY(v));
    ctx.fillText("x\u2082", M.left - 12, toY(0.5));
  }

  function drawPoints() {
    const xs = DATA.data.x, cs = DATA.data.labels, r = DATA.point_radius;
    ctx.lineWidth = 3;
    for (let i = 0; i < cs.length; i++) {
      const X = toX(xs[i][0]), Y = toY(xs[i][1]);
      ctx.beginPath();
      if (cs[i] === 1) ctx.rect(X - r, Y - r, 2 * r, 2 * r); else ctx.arc(X, Y, r, 0, 2 * Math.PI);
      ctx.fillStyle = cs[i] === 1 ? C.class1 : C.class0;
      ctx.fill();
      ctx.strokeStyle = C.point_edge;
      ctx.stroke();
    }
  }

  function draw() {
    drawAxes();
    drawMap();
    const cells = regions();
    // region edges: every cell's outline (the square's own edges included)
    for (const cell of cells) line([...cell.poly, cell.poly[0]], C.edge, 3);
    // the decision boundary y = 0, exactly, region by region
    for (const cell of cells) {
      const piece = chord(cell.poly, cell.A[0], cell.A[1], cell.B);
      if (piece) line(piece, C.boundary, 6, [16, 10]);
    }
    drawPoints();
    labelLines();
    showNumbers(cells.length);
  }

  // each unit's line gets its number in a disc, where the line leaves the square
  function labelLines() {
    ctx.font = `bold ${DATA.fonts.label}px ${DATA.fonts.family}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (let d = 0; d < UNITS; d++) {
      const t = state.theta[d];
      const piece = chord(SQUARE, t[1], t[2], t[0]);
      if (!piece) continue;
      // 12 % of the way along the chord, from its end with the larger x_2 (then larger x_1)
      const [p, q] = piece[0][1] > piece[1][1] || (piece[0][1] === piece[1][1] && piece[0][0] > piece[1][0])
        ? piece : [piece[1], piece[0]];
      const X = toX(p[0] + 0.12 * (q[0] - p[0])), Y = toY(p[1] + 0.12 * (q[1] - p[1]));
      ctx.beginPath();
      ctx.arc(X, Y, 22, 0, 2 * Math.PI);
      ctx.fillStyle = C.background;
      ctx.fill();
      ctx.lineWidth = 3;
      ctx.strokeStyle = C.edge;
      ctx.stroke();
      ctx.fillStyle = C.text;
      ctx.fillText(String(d + 1), X, Y + 1);
    }
  }

  const fmt = v => (v < 0 ? "\u2212" : "") + Math.abs(v).toFixed(2);
  const percent = v => `${Math.round(100 * v)} %`;

  function showNumbers(count) {
    document.getElementById("count").textContent = String(count);
    const now = lossAndGradient(), dead = deadUnits();
    state.losses[state.epoch] = now.loss;
    document.getElementById("epoch").textContent = String(state.epoch);
    document.getElementById("loss").textContent = now.loss.toFixed(3);
    document.getElementById("accuracy").textContent = percent(now.accuracy);
    document.getElementById("dead").textContent = dead.length ? dead.join(", ") : "none";
    for (const slider of sliders) {
      const v = slider.get();
      slider.input.min = String(Math.min(-DATA.slider_range, Math.floor(v)));
      slider.input.max = String(Math.max(DATA.slider_range, Math.ceil(v)));
      slider.input.value = String(v);
      slider.value.textContent = fmt(v);
    }
    drawLoss();
    const start = DATA.starts.find(s => s.label === state.startLabel);
    if (start && state.epoch === DATA.epochs) {
      document.getElementById("start-note").textContent =
        `Start ${start.label} after ${DATA.epochs} epochs; nnmath predicted: ${start.why}.`;
    }
  }

  const lossCanvas = document.getElementById("losses");
  const lctx = lossCanvas.getContext("2d");
  function drawLoss() {
    const W = lossCanvas.width, H = lossCanvas.height, pad = 8;
    lctx.fillStyle = C.background;
    lctx.fillRect(0, 0, W, H);
    lctx.strokeStyle = C.axis;
    lctx.lineWidth = 2;
    lctx.strokeRect(1, 1, W - 2, H - 2);
    lctx.fillStyle = C.muted;
    lctx.font = `${DATA.fonts.label}px ${DATA.fonts.family}`;
    lctx.textAlign = "right";
    lctx.textBaseline = "top";
    lctx.fillText(`loss over ${DATA.epochs} epochs`, W - 12, 8);
    const values = state.losses;
    if (values.length < 2) return;
    const top = Math.max(...values, 0.7);
    lctx.strokeStyle = C.loss;
    lctx.lineWidth = 4;
    lctx.beginPath();
    values.forEach((v, i) => {
      const X = pad + (W - 2 * pad) * i / Math.max(DATA.epochs, values.length - 1);
      const Y = H - pad - (H - 2 * pad) * v / top;
      if (i === 0) lctx.moveTo(X, Y); else lctx.lineTo(X, Y);
    });
    lctx.stroke();
  }

  // --- controls ------------------------------------------------------------------------------
  const sliders = [];
  for (const input of document.querySelectorAll("input[type=range]")) {
    const [kind, d, i] = [input.dataset.kind, Number(input.dataset.d), Number(input.dataset.i)];
    const get = () => (kind === "theta" ? state.theta[d][i] : state.phi[d]);
    const set = v => { if (kind === "theta") state.theta[d][i] = v; else state.phi[d] = v; };
    const slider = { input, get, set, value: document.getElementById(input.id + "-value") };
    input.addEventListener("input", () => {
      set(Number(input.value));
      state.startLabel = "";
      state.losses = [];
      state.epoch = 0;
      draw();
    });
    sliders.push(slider);
  }

  const trainButton = document.getElementById("train");
  function setRunning(on) {
    state.running = on;
    trainButton.textContent = on ? "Pause (T)" : "Train (T)";
    trainButton.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) requestAnimationFrame(frame);
  }
  function frame() {
    if (!state.running) return;
    descend(DATA.epochs_per_frame);
    draw();
    if (state.epoch % DATA.epochs === 0) setRunning(false); else requestAnimationFrame(frame);
  }
  function setParams(params) {
    state.theta = params.theta.map(row => row.map(Number));
    state.phi = params.phi.map(Number);
    state.epoch = 0;
    state.losses = [];
    draw();
  }
  function useStart(start) {
    setRunning(false);
    state.startLabel = start.label;
    setParams(start);
    document.getElementById("start-note").textContent =
      `Start ${start.label}: seed ${start.seed}, every parameter drawn from N(0, 1).`;
  }

  trainButton.addEventListener("click", () => setRunning(!state.running));
  document.getElementById("step").addEventListener("click", () => { setRunning(false); descend(100); draw(); });
  document.getElementById("reset").addEventListener("click", () => {
    setRunning(false);
    state.startLabel = "";
    document.getElementById("start-note").textContent = DATA.book_note;
    setParams(DATA.net);
  });
  for (const start of DATA.starts) {
    document.getElementById(`start-${start.label}`).addEventListener("click", () => useStart(start));
  }
  document.addEventListener("keydown", event => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    const start = DATA.starts.find(s => s.label.toLowerCase() === key);
    if (key === "t") trainButton.click();
    else if (key === "n") document.getElementById("step").click();
    else if (key === "r") document.getElementById("reset").click();
    else if (start) useStart(start);
    else if (key === "escape") {
      // hand the keyboard back (to the deck, when the page is one of its slides)
      if (document.activeElement) document.activeElement.blur();
      try { window.parent.focus(); } catch (error) { /* opened on its own */ }
      return;
    } else return;
    event.preventDefault();
  });

  // the 1920 x 1080 stage scaled to the window
  function fit() {
    const stage = document.getElementById("stage");
    const scale = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
    stage.style.transform = `translate(${(window.innerWidth - 1920 * scale) / 2}px, ` +
      `${(window.innerHeight - 1080 * scale) / 2}px) scale(${scale})`;
  }
  window.addEventListener("resize", fit);
  fit();
  draw();

  // for the tests (tests/test_playground.py) and the curious: the page's own numbers
  window.playground = {
    set: setParams,
    get: () => ({ theta: state.theta.map(r => r.slice()), phi: state.phi.slice() }),
    count: () => regions().length,
    regions: () => regions().map(c => c.poly),
    output: points => points.map(p => output(p[0], p[1])),
    gradient: () => lossAndGradient(),
    dead: deadUnits,
    train: epochs => { setRunning(false); descend(epochs); draw(); return lossAndGradient(); },
    start: label => useStart(DATA.starts.find(s => s.label === label)),
    running: () => state.running,
    epoch: () => state.epoch,
  };
})();
