// The page's own script, inlined as text: draws every chart of the embedded JSON with uPlot,
// marks timeline actions and rollouts, SLO and constraint lines, and filters the event table.
// Plain ES5-style JavaScript so it runs as written in any browser; formatVirtualTime and the
// tick steps are the same code the Node side uses (time-axis.ts), inlined from their source.

import { formatVirtualTime, TIME_TICK_STEPS } from './time-axis.js';

export function clientScript(): string {
  return `(function () {
'use strict';
${formatVirtualTime.toString()}
var TIME_TICK_STEPS = ${JSON.stringify(TIME_TICK_STEPS)};
${BODY}
})();`;
}

const BODY = String.raw`
var data = JSON.parse(document.getElementById('k8sim-data').textContent);
var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31'];

function trim(v) { return String(Number(v.toPrecision(4))); }
function si(v) {
  var a = Math.abs(v);
  if (a >= 1e9) return trim(v / 1e9) + 'G';
  if (a >= 1e6) return trim(v / 1e6) + 'M';
  if (a >= 1e4) return trim(v / 1e3) + 'k';
  return trim(v);
}
function fmt(unit, v) {
  if (v === null || v === undefined || !isFinite(v)) return '—';
  var a = Math.abs(v);
  switch (unit) {
    case 'bytes':
      if (a >= 1073741824) return trim(v / 1073741824) + 'Gi';
      if (a >= 1048576) return trim(v / 1048576) + 'Mi';
      if (a >= 1024) return trim(v / 1024) + 'Ki';
      return trim(v) + 'B';
    case 'millicores': return a >= 1000 ? trim(v / 1000) + ' cores' : trim(v) + 'm';
    case 'seconds': return a > 0 && a < 1 ? trim(v * 1000) + 'ms' : trim(v) + 's';
    case 'percent': return trim(v) + '%';
    case 'rps': return si(v) + '/s';
    default: return si(v);
  }
}

function markerPlugin(markers) {
  return { hooks: { draw: [function (u) {
    var ctx = u.ctx, top = u.bbox.top, h = u.bbox.height, pr = devicePixelRatio || 1;
    ctx.save();
    ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
    ctx.font = (10 * pr) + 'px sans-serif';
    var ends = [];
    for (var i = 0; i < markers.length; i++) {
      var m = markers[i];
      var x = u.valToPos(m.t, 'x', true);
      if (m.end !== undefined || m.kind === 'rollout') {
        var x2 = u.valToPos(m.end !== undefined ? m.end : u.scales.x.max, 'x', true);
        ctx.fillStyle = 'rgba(255, 165, 0, 0.15)';
        ctx.fillRect(x, top, Math.max(2 * pr, x2 - x), h);
      } else {
        ctx.strokeStyle = 'rgba(80, 80, 80, 0.8)';
        ctx.setLineDash([4 * pr, 3 * pr]);
        ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
      }
      // A label goes on the first of three rows where it does not overlap the previous one; a
      // marker with no room keeps its line only (the timeline table lists every action).
      var text = m.label.replace(/^kubectl /, '');
      if (text.length > 32) text = text.slice(0, 31) + '…';
      var w = ctx.measureText(text).width;
      for (var row = 0; row < 3; row++) {
        if ((ends[row] || -Infinity) < x) {
          ctx.fillStyle = '#444';
          ctx.fillText(text, x + 3 * pr, top + (12 + 11 * row) * pr);
          ends[row] = x + w + 9 * pr;
          break;
        }
      }
    }
    ctx.restore();
  }] } };
}

function linePlugin(hlines, vlines) {
  return { hooks: { draw: [function (u) {
    var ctx = u.ctx, b = u.bbox, pr = devicePixelRatio || 1;
    ctx.save();
    ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
    ctx.strokeStyle = '#d62728'; ctx.fillStyle = '#d62728'; ctx.lineWidth = 1.5 * pr;
    ctx.font = (11 * pr) + 'px sans-serif';
    ctx.setLineDash([8 * pr, 4 * pr]);
    (hlines || []).forEach(function (l) {
      var y = u.valToPos(l.value, 'y', true);
      if (l.fails === 'above' || l.fails === 'below') {
        ctx.fillStyle = 'rgba(214, 39, 40, 0.07)';
        if (l.fails === 'above') ctx.fillRect(b.left, b.top, b.width, Math.max(0, y - b.top));
        else ctx.fillRect(b.left, y, b.width, Math.max(0, b.top + b.height - y));
        ctx.fillStyle = '#d62728';
      }
      ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke();
      ctx.fillText(l.label, b.left + 4 * pr, y - 4 * pr);
    });
    (vlines || []).forEach(function (l) {
      var x = u.valToPos(l.value, 'x', true);
      if (l.fails === 'left' || l.fails === 'right') {
        ctx.fillStyle = 'rgba(214, 39, 40, 0.07)';
        if (l.fails === 'left') ctx.fillRect(b.left, b.top, Math.max(0, x - b.left), b.height);
        else ctx.fillRect(x, b.top, Math.max(0, b.left + b.width - x), b.height);
        ctx.fillStyle = '#d62728';
      }
      ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke();
      ctx.fillText(l.label, x + 4 * pr, b.top + 14 * pr);
    });
    ctx.restore();
  }] } };
}

function xFormatter(spec) {
  if (spec.xKind === 'time') return function (v) { return formatVirtualTime(v); };
  if (spec.xKind === 'category') return function (v) { return spec.categories[Math.round(v)] !== undefined ? spec.categories[Math.round(v)] : ''; };
  return function (v) { return fmt('number', v); };
}

var charts = [];
function draw(spec) {
  var box = document.getElementById(spec.id);
  var el = box.querySelector('.plot');
  var fx = xFormatter(spec);
  // Extend the y range to the SLO / threshold lines so they are always in view.
  var extra = (spec.hlines || []).map(function (l) { return l.value; });
  var xAxis = { label: spec.xLabel || 'virtual time', values: function (u, splits) { return splits.map(fx); } };
  if (spec.xKind === 'time') xAxis.incrs = TIME_TICK_STEPS;
  if (spec.xKind === 'category') { xAxis.incrs = [1]; }
  var opts = {
    width: Math.max(320, el.clientWidth || 900),
    height: 260,
    scales: {
      x: { time: false },
      y: { range: function (u, lo, hi) {
        for (var i = 0; i < extra.length; i++) { lo = Math.min(lo, extra[i]); hi = Math.max(hi, extra[i]); }
        if (lo === hi) { hi = lo + 1; }
        var pad = (hi - lo) * 0.08;
        return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
      } },
    },
    axes: [xAxis, { label: spec.yLabel, size: 78, values: function (u, splits) { return splits.map(function (v) { return fmt(spec.unit, v); }); } }],
    series: [{ label: spec.xLabel || 'time', value: function (u, v) { return v === null ? '—' : fx(v); } }].concat(spec.series.map(function (s, i) {
      var color = PALETTE[(s.color !== undefined ? s.color : i) % PALETTE.length];
      var o = { label: s.label, stroke: color, width: 1.5, spanGaps: true, value: function (u, v) { return fmt(spec.unit, v); } };
      if (s.dash) o.dash = [6, 4];
      if (s.pointsOnly) { o.paths = function () { return null; }; o.points = { show: true, size: 8, stroke: color, fill: color }; }
      return o;
    })),
    bands: (spec.bands || []).map(function (b) { return { series: [b[1] + 1, b[0] + 1], fill: 'rgba(31, 119, 180, 0.12)' }; }),
    plugins: [markerPlugin((spec.xKind === 'time' ? data.markers : []).concat(spec.markers || [])), linePlugin(spec.hlines, spec.vlines)],
    legend: { live: true },
  };
  var u = new uPlot(opts, [spec.xs].concat(spec.series.map(function (s) { return s.values; })), el);
  var points = 0;
  spec.series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null) points++; }); });
  box.setAttribute('data-points', String(points));
  charts.push({ u: u, el: el });
}

data.charts.forEach(draw);
window.addEventListener('resize', function () {
  charts.forEach(function (c) { c.u.setSize({ width: Math.max(320, c.el.clientWidth), height: 260 }); });
});

// Filterable tables: a drop-down per filter column and a text search over the whole row.
Array.prototype.forEach.call(document.querySelectorAll('table[data-filters]'), function (table) {
  var cols = table.getAttribute('data-filters').split(',').filter(Boolean);
  var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent; });
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var bar = document.createElement('div');
  bar.className = 'filters';
  var selects = cols.map(function (col) {
    var k = heads.indexOf(col);
    var values = {};
    rows.forEach(function (r) { values[r.cells[k].textContent] = true; });
    var sel = document.createElement('select');
    sel.setAttribute('aria-label', col);
    sel.innerHTML = '<option value="">' + col + ': all</option>';
    Object.keys(values).sort().forEach(function (v) { var o = document.createElement('option'); o.value = v; o.textContent = v; sel.appendChild(o); });
    bar.appendChild(sel);
    return { k: k, sel: sel };
  });
  var search = null;
  if (table.hasAttribute('data-search')) {
    search = document.createElement('input');
    search.type = 'search'; search.placeholder = 'search'; search.setAttribute('aria-label', 'search');
    bar.appendChild(search);
  }
  var count = document.createElement('span');
  count.className = 'count';
  bar.appendChild(count);
  table.parentNode.insertBefore(bar, table);
  function apply() {
    var q = search ? search.value.toLowerCase() : '';
    var shown = 0;
    rows.forEach(function (r) {
      var ok = selects.every(function (s) { return !s.sel.value || r.cells[s.k].textContent === s.sel.value; }) && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.style.display = ok ? '' : 'none';
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' rows';
  }
  selects.forEach(function (s) { s.sel.addEventListener('change', apply); });
  if (search) search.addEventListener('input', apply);
  apply();
});

document.body.setAttribute('data-charts', String(charts.length));
document.body.setAttribute('data-ready', 'true');
`;
