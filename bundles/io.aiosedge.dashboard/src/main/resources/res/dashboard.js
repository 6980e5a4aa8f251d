/*
 * The AIOS Edge dashboard page: polls the plugin's data.json every sampling period and draws its figures as SVG
 * charts and tables. No library, nothing loaded from elsewhere.
 *
 * Every string that comes from a service (task, node, model and endpoint names) is written with textContent or as
 * an SVG text node, never as markup, so a name like "<img onerror=...>" shows as those characters.
 */
(function () {
  'use strict';

  const root = document.getElementById('aios-dashboard');
  if (!root) {
    return;
  }
  // Absolute and without user:password@: fetch refuses a URL with credentials, and a page opened as
  // http://user:password@host/... would make a relative one such a URL. The browser's HTTP authentication still
  // applies to the origin.
  const dataUrl = new URL(root.getAttribute('data-data-url'), window.location.origin).href;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
  const WIDTH = 440;
  const HEIGHT = 170;
  const PAD = { left: 52, right: 12, top: 10, bottom: 22 };

  // ------------------------------------------------------------------ DOM helpers

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function svgElement(tag, attributes, text) {
    const e = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach(function (name) {
      e.setAttribute(name, String(attributes[name]));
    });
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function finite(value) {
    return typeof value === 'number' && isFinite(value);
  }

  /** A number for people: "–" when unknown, thousands separated, at most `digits` decimals. */
  function format(value, digits) {
    if (!finite(value)) {
      return '–';
    }
    const d = digits === undefined ? (Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 1) : digits;
    return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: d });
  }

  function percent(share) {
    return finite(share) ? format(100 * share, 1) + ' %' : '–';
  }

  function setText(id, text) {
    const e = document.getElementById(id);
    if (e) {
      e.textContent = text;
    }
  }

  // ------------------------------------------------------------------ charts

  /** A readable upper bound for an axis: 1, 2 or 5 times a power of ten. */
  function niceMax(value) {
    if (!(value > 0)) {
      return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    const steps = [1, 2, 5, 10];
    for (let k = 0; k < steps.length; k++) {
      if (value <= steps[k] * power) {
        return steps[k] * power;
      }
    }
    return 10 * power;
  }

  function age(millis) {
    const s = Math.round(millis / 1000);
    return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  }

  /**
   * A line chart of `series` ([{name, points: [[t, v], ...]}]) into `box`. Points with unknown values break the line,
   * or are left out with options.joinGaps (a figure of the tasks completed in an interval has none where none
   * completed; the line then joins the intervals that had some). The box gets data-series and data-points (for
   * tests and for people reading the DOM).
   */
  function lineChart(box, series, now, options) {
    clear(box);
    const opts = options || {};
    const drawn = series.filter(function (s) {
      return s.points.some(function (p) { return finite(p[1]); });
    });
    let pointCount = 0;
    drawn.forEach(function (s) {
      pointCount += s.points.filter(function (p) { return finite(p[1]); }).length;
    });
    box.setAttribute('data-series', String(drawn.length));
    box.setAttribute('data-points', String(pointCount));
    if (drawn.length === 0) {
      box.appendChild(element('p', 'aios-empty', opts.empty || 'no data yet'));
      return;
    }
    // Every chart spans the same time (options.from: the oldest sample), so their axes line up.
    let tMin = finite(opts.from) ? opts.from : Infinity;
    let vMax = 0;
    drawn.forEach(function (s) {
      s.points.forEach(function (p) {
        if (finite(p[1])) {
          tMin = Math.min(tMin, p[0]);
          vMax = Math.max(vMax, p[1]);
        }
      });
    });
    const tMax = Math.max(now, tMin + 1);
    const yMax = niceMax(opts.max !== undefined ? Math.max(opts.max, vMax) : vMax);
    const plotW = WIDTH - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    const x = function (t) { return PAD.left + (t - tMin) / (tMax - tMin) * plotW; };
    const y = function (v) { return PAD.top + plotH - v / yMax * plotH; };

    const chart = svgElement('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, 'class': 'aios-svg',
      role: 'img' });
    [0, 0.5, 1].forEach(function (f) {
      const v = f * yMax;
      chart.appendChild(svgElement('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v),
        'class': f === 0 ? 'aios-axis' : 'aios-grid-line' }));
      chart.appendChild(svgElement('text', { x: PAD.left - 4, y: y(v) + 4, 'class': 'aios-tick',
        'text-anchor': 'end' }, format(v)));
    });
    chart.appendChild(svgElement('text', { x: PAD.left, y: HEIGHT - 4, 'class': 'aios-tick' },
      '−' + age(tMax - tMin)));
    chart.appendChild(svgElement('text', { x: WIDTH - PAD.right, y: HEIGHT - 4, 'class': 'aios-tick',
      'text-anchor': 'end' }, 'now'));

    const legend = element('ul', 'aios-legend');
    drawn.forEach(function (s, k) {
      const color = COLORS[k % COLORS.length];
      let run = [];
      const runs = [];
      s.points.forEach(function (p) {
        if (finite(p[1])) {
          run.push(x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1));
        } else if (run.length && !opts.joinGaps) {
          runs.push(run);
          run = [];
        }
      });
      if (run.length) {
        runs.push(run);
      }
      runs.forEach(function (r) {
        if (r.length === 1) {
          const xy = r[0].split(',');
          chart.appendChild(svgElement('circle', { cx: xy[0], cy: xy[1], r: 2.5, fill: color,
            'class': 'aios-line', 'data-series': s.name }));
        } else {
          chart.appendChild(svgElement('polyline', { points: r.join(' '), fill: 'none', stroke: color,
            'stroke-width': 1.6, 'class': 'aios-line', 'data-series': s.name }));
        }
      });
      const last = s.points.filter(function (p) { return finite(p[1]); }).pop();
      const item = element('li');
      const swatch = element('span', 'aios-swatch');
      swatch.style.background = color;
      item.appendChild(swatch);
      item.appendChild(element('span', 'aios-legend-name', s.name));
      item.appendChild(element('span', 'aios-legend-value', last ? format(last[1]) + (opts.unit || '') : '–'));
      legend.appendChild(item);
    });
    box.appendChild(chart);
    box.appendChild(legend);
  }

  /** Horizontal bars of `entries` ([{name, value}]), largest first. */
  function barChart(box, entries) {
    clear(box);
    const shown = entries.slice().sort(function (a, b) { return b.value - a.value; });
    box.setAttribute('data-bars', String(shown.length));
    if (shown.length === 0) {
      box.appendChild(element('p', 'aios-empty', 'no task completed yet'));
      return;
    }
    const rowH = 22;
    const labelW = 130;
    const valueW = 70;
    const height = shown.length * rowH + 4;
    const max = Math.max.apply(null, shown.map(function (e) { return e.value; }).concat([1]));
    const chart = svgElement('svg', { viewBox: '0 0 ' + WIDTH + ' ' + height, 'class': 'aios-svg aios-bars',
      role: 'img' });
    shown.forEach(function (e, k) {
      const top = 2 + k * rowH;
      const w = (WIDTH - labelW - valueW) * e.value / max;
      const bar = svgElement('g', { 'class': 'aios-bar', 'data-node': e.name, 'data-value': e.value });
      bar.appendChild(svgElement('text', { x: labelW - 6, y: top + 15, 'text-anchor': 'end',
        'class': 'aios-bar-label' }, e.name));
      bar.appendChild(svgElement('rect', { x: labelW, y: top + 3, width: Math.max(1, w).toFixed(1), height: rowH - 6,
        fill: COLORS[k % COLORS.length] }));
      bar.appendChild(svgElement('text', { x: labelW + w + 6, y: top + 15, 'class': 'aios-bar-value' },
        format(e.value)));
      chart.appendChild(bar);
    });
    box.appendChild(chart);
  }

  // ------------------------------------------------------------------ series from the samples

  function keysOf(samples, pick) {
    const keys = {};
    samples.forEach(function (s) {
      Object.keys(pick(s) || {}).forEach(function (k) { keys[k] = true; });
    });
    return Object.keys(keys).sort();
  }

  function series(samples, name, value) {
    return { name: name, points: samples.map(function (s) { return [s.t, value(s)]; }) };
  }

  /** One series per key of pick(sample); `missing` where a sample lacks the key (null: a gap). */
  function perKey(samples, pick, value, suffix, missing) {
    return keysOf(samples, pick).map(function (key) {
      return series(samples, key + (suffix || ''), function (s) {
        const entry = (pick(s) || {})[key];
        return entry === undefined ? (missing === undefined ? null : missing) : value(entry);
      });
    });
  }

  // ------------------------------------------------------------------ tables

  function fillTable(id, rows) {
    const table = document.getElementById(id);
    const body = table.tBodies[0];
    clear(body);
    if (rows.length === 0) {
      const tr = element('tr', 'aios-empty-row');
      const td = element('td', 'aios-empty', 'none');
      td.colSpan = table.tHead.rows[0].cells.length;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    rows.forEach(function (cells) {
      const tr = element('tr');
      cells.forEach(function (c) { tr.appendChild(element('td', null, c)); });
      body.appendChild(tr);
    });
  }

  function explainTable(task) {
    const e = task.explain;
    const box = element('div', 'aios-explain-box');
    if (!e) {
      box.appendChild(element('p', 'aios-empty', 'no explanation kept for this task'));
      return box;
    }
    box.appendChild(element('p', 'aios-explain-head', 'policy ' + e.policy + ', decided in '
      + format(e.decisionMicros, 1) + ' µs' + (e.tasksInTable > 1 ? ' for a window of ' + e.tasksInTable
      + ' tasks' : '') + ': ' + (e.chosenNode === null ? 'no node' : e.chosenNode) + ', model ' + e.model
      + (e.escalationNode ? ', escalate below confidence ' + format(e.escalateBelowConfidence, 2) + ' to '
        + e.escalationNode : '') + (e.note ? ' — ' + e.note : '')));
    const table = element('table', 'nicetable aios-table aios-explain');
    const head = element('thead');
    const hr = element('tr');
    ['Node', 'Kind', 'Allowed', 'Wait ms', 'Input ms', 'Compute ms', 'Output ms', 'Completion ms', 'Meets deadline',
      'Samples', 'Note'].forEach(function (h) { hr.appendChild(element('th', null, h)); });
    head.appendChild(hr);
    table.appendChild(head);
    const body = element('tbody');
    e.rows.forEach(function (r) {
      const tr = element('tr', r.chosen ? 'aios-chosen' : null);
      [r.node + (r.chosen ? ' ✓' : ''), r.kind, r.allowed ? 'yes' : 'no', format(r.waitMillis, 1),
        format(r.inputTransferMillis, 1), format(r.computeMillis, 1), format(r.outputTransferMillis, 1),
        format(r.completionMillis, 1), r.meetsDeadline ? 'yes' : 'no', format(r.samples), r.note]
        .forEach(function (c) { tr.appendChild(element('td', null, c)); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  function recentTasks(tasks) {
    const box = document.getElementById('aios-recent');
    clear(box);
    if (tasks.length === 0) {
      box.appendChild(element('p', 'aios-empty', 'no finished task yet'));
      return;
    }
    tasks.forEach(function (t) {
      const item = element('div', 'aios-task');
      const head = element('p', 'aios-task-head');
      head.appendChild(element('span', 'aios-task-id', t.taskId));
      head.appendChild(element('span', 'aios-task-state', t.state));
      head.appendChild(element('span', 'aios-task-node', t.nodeId));
      const r = t.result;
      if (r) {
        head.appendChild(element('span', 'aios-task-model', r.model));
        head.appendChild(element('span', 'aios-task-time', format(r.totalMillis, 1) + ' ms (queue '
          + format(r.queueMillis, 1) + ', transfer ' + format(r.transferMillis, 1) + ', compute '
          + format(r.computeMillis, 1) + ')'));
        head.appendChild(element('span', r.deadlineMet ? 'aios-met' : 'aios-missed',
          r.deadlineMet ? 'deadline met' : 'deadline MISSED'));
      } else {
        head.appendChild(element('span', 'aios-missed', t.failure || ''));
      }
      if (t.detail) {
        head.appendChild(element('span', 'aios-task-detail', t.detail));
      }
      item.appendChild(head);
      item.appendChild(explainTable(t));
      box.appendChild(item);
    });
  }

  // ------------------------------------------------------------------ the page

  function render(d) {
    if (!d.sampling) {
      setText('aios-status', d.reason || 'The dashboard sampler is not running.');
      return;
    }
    const samples = d.samples || [];
    const now = d.nowMillis;
    const span = samples.length ? age(now - samples[0].t) : '0 s';
    const from = samples.length ? samples[0].t : now;
    setText('aios-status', 'Sampling every ' + format(d.periodMillis / 1000, 1) + ' s; ' + samples.length
      + ' of at most ' + d.historySamples + ' samples (' + span + '); updated '
      + new Date(now).toLocaleTimeString() + '.');
    const s = d.scheduler;
    setText('aios-policy', s ? s.policy : 'no scheduler');
    setText('aios-submitted', s ? format(s.submitted) : '–');
    setText('aios-completed', s ? format(s.completed) : '–');
    setText('aios-missed', s ? format(s.deadlinesMissed) : '–');
    setText('aios-escalated', s ? percent(s.escalatedShare) : '–');
    setText('aios-queued', s ? format(s.queued) : '–');
    setText('aios-running', s ? format(s.running) : '–');

    barChart(document.getElementById('aios-chart-placements'), Object.keys(d.placements).map(function (k) {
      return { name: k, value: d.placements[k] };
    }));
    lineChart(document.getElementById('aios-chart-placement-rate'),
      perKey(samples, function (x) { return x.placements; }, function (v) { return v; }, '', 0), now,
      { from: from, max: 1, empty: 'no task completed yet' });
    lineChart(document.getElementById('aios-chart-completion'), [
      series(samples, 'p50', function (x) { return x.p50Millis; }),
      series(samples, 'p95', function (x) { return x.p95Millis; })], now,
    { from: from, unit: ' ms', joinGaps: true, empty: 'no task completed yet' });
    lineChart(document.getElementById('aios-chart-misses'), [
      series(samples, 'missed', function (x) { return x.deadlinesMissed; }),
      series(samples, 'completed', function (x) { return x.completed; })], now, { from: from, max: 1 });
    lineChart(document.getElementById('aios-chart-escalation'), [
      series(samples, 'in the interval', function (x) {
        return finite(x.escalatedShare) ? 100 * x.escalatedShare : null;
      }),
      series(samples, 'since start', function (x) {
        return x.scheduler && finite(x.scheduler.escalatedShare) ? 100 * x.scheduler.escalatedShare : null;
      })], now, { from: from, unit: ' %', max: 10, joinGaps: true, empty: 'no joint-inference task yet' });
    const outboxes = function (x) {
      const out = {};
      Object.keys(x.links || {}).forEach(function (k) {
        if (x.links[k].outbox) {
          out[k] = x.links[k].outbox;
        }
      });
      return out;
    };
    lineChart(document.getElementById('aios-chart-outbox-depth'),
      perKey(samples, outboxes, function (o) { return o.depth; }), now,
      { from: from, max: 10, empty: 'no outbox' });
    lineChart(document.getElementById('aios-chart-outbox-age'),
      perKey(samples, outboxes, function (o) { return o.oldestAgeMillis / 1000; }), now,
      { from: from, unit: ' s', max: 1, empty: 'no outbox' });
    const links = function (x) { return x.links; };
    lineChart(document.getElementById('aios-chart-rtt'),
      perKey(samples, links, function (l) { return l.rttMillis; }), now,
      { from: from, unit: ' ms', empty: 'no link measured (no broker?)' });
    lineChart(document.getElementById('aios-chart-bandwidth'),
      perKey(samples, links, function (l) { return finite(l.bandwidthBytesPerSecond) ? l.bandwidthBytesPerSecond / 1000 : null; }),
      now, { from: from, unit: ' kB/s', empty: 'no link measured (no broker?)' });
    const models = function (x) { return x.models; };
    lineChart(document.getElementById('aios-chart-model-latency'),
      perKey(samples, models, function (m) { return m.p50Micros; }, ' p50')
        .concat(perKey(samples, models, function (m) { return m.p95Micros; }, ' p95')), now,
      { from: from, unit: ' µs', empty: 'no model loaded' });

    fillTable('aios-models', d.models.map(function (m) {
      return [m.key, m.engine, m.version || '–', format(m.calls), format(m.errors), format(m.batches),
        format(m.p50Micros, 1), format(m.p95Micros, 1), format(m.p99Micros, 1)];
    }));
    fillTable('aios-links', Object.keys(d.links).sort().map(function (k) {
      const l = d.links[k];
      const o = l.outbox;
      return [k, l.connected ? 'yes' : 'no', format(l.rttMillis, 1),
        finite(l.bandwidthBytesPerSecond) ? format(l.bandwidthBytesPerSecond / 1000, 1) : '–',
        o ? format(o.depth) : '–', o ? format(o.inFlight) : '–', o ? format(o.oldestAgeMillis / 1000, 1) : '–',
        o ? format(100 * o.fill, 1) : '–', o ? format(o.refused) : '–', o ? format(o.dropped) : '–'];
    }));
    fillTable('aios-nodes', d.nodes.map(function (n) {
      return [n.id, n.kind, n.available ? 'yes' : 'no', format(n.load, 2), format(n.queueLength),
        format(d.placements[n.id] || 0)];
    }));
    recentTasks(d.recent || []);
    root.setAttribute('data-updated', String(now));
  }

  function poll() {
    fetch(dataUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (d) {
        render(d);
        setTimeout(poll, d.periodMillis || 5000);
      })
      .catch(function (e) {
        setText('aios-status', 'The dashboard data is not available (' + e.message + '); trying again in 5 s.');
        setTimeout(poll, 5000);
      });
  }

  poll();
}());
