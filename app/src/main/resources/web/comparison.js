// migscope: what the guest felt (per-migration page) and seed 002's platform comparison (#/comparison).
// Loaded after app.js, whose helpers ($, esc, api, draw, chart, seconds) it uses.
'use strict';

// The guest's own ms per GiB written, one point per second (the slowest GiB done in it), against its baseline
// before the transfer; the observed blackouts shaded as on the RTT chart. A GiB is dated when it was done, so the
// one written across a blackout shows right after it.
function drawGuest(points, d, s, t0) {
  const at = p => seconds(p.time_us + 500000, t0);
  const baseline = d && d.guest_baseline_ms_per_gb != null ? d.guest_baseline_ms_per_gb : (s ? s.guest_baseline_ms_per_gb : null);
  const slowest = d && d.guest_slowdown_max_ms_per_gb != null ? d.guest_slowdown_max_ms_per_gb : (s ? s.guest_slowdown_max_ms_per_gb : null);
  const shade = (d ? d.blackouts : []).filter(b => b.first_reply_us != null)
    .map(b => [{ xAxis: seconds(b.last_reply_us, t0) }, { xAxis: seconds(b.first_reply_us, t0) }]);
  const lines = [];
  if (baseline != null) { lines.push({ yAxis: Math.round(baseline), name: 'baseline', label: { formatter: 'baseline {c}' } }); }
  if (slowest != null) { lines.push({ yAxis: Math.round(slowest), name: 'slowest', label: { formatter: 'slowest {c}' } }); }
  draw('guest-chart', {
    title: points.length ? undefined : { text: 'no guest report for this VM', left: 'center', top: 'middle',
      textStyle: { color: '#777', fontSize: 14, fontWeight: 'normal' } },
    tooltip: { trigger: 'axis' }, legend: {}, grid: { right: 90 },
    xAxis: { type: 'value', name: 's', scale: true }, yAxis: { type: 'value', name: 'ms per GiB' },
    series: [
      { name: 'slowest GiB of the second', type: 'line', data: points.map(p => [at(p), Math.round(p.ms_per_gb_max)]),
        markLine: lines.length ? { symbol: 'none', lineStyle: { type: 'dashed' }, data: lines } : undefined,
        markArea: { itemStyle: { color: 'rgba(192,57,43,0.15)' }, data: shade } },
      { name: 'mean', type: 'line', showSymbol: false, lineStyle: { width: 1 }, data: points.map(p => [at(p), Math.round(p.ms_per_gb_mean)]) }]
  });
}

const SERIES_TITLES = { idle: 'VM size (idle guests)', CLG: 'CPU load (CLG)', LPG: 'locked pages (LPG)', DPG: 'dirty pages (DPG)' };

// One level of a series on the x axis: the load for seed 002's series, the VM size for idle guests.
function levelLabel(r) {
  return r.load_series === 'idle' ? (r.flavor || '?') : r.load_profile + (r.flavor ? ' (' + r.flavor + ')' : '');
}

async function drawComparison() {
  const select = $('comparison-wave');
  const chosen = select.value;
  const c = await api('/api/comparison' + (chosen ? '?wave=' + encodeURIComponent(chosen) : ''));
  select.innerHTML = '<option value="">all waves</option>' + c.waves.map(w => '<option' + (w === chosen ? ' selected' : '') + '>' + esc(w) + '</option>').join('');
  $('comparison-empty').hidden = c.rows.length > 0;
  const bySeries = new Map();
  for (const r of c.rows) {
    if (!bySeries.has(r.load_series)) { bySeries.set(r.load_series, []); }
    bySeries.get(r.load_series).push(r);
  }
  const holder = $('comparison-charts');
  const wanted = new Set([...bySeries.keys()].map((k, i) => 'cmp-' + i));
  for (const el of [...holder.querySelectorAll('.chart')]) {
    if (!wanted.has(el.id.replace(/-(time|blackout)$/, ''))) { echarts.dispose(el); el.parentElement.remove(); }
  }
  [...bySeries.keys()].forEach((series, i) => {
    const id = 'cmp-' + i;
    if (!$(id + '-time')) {
      for (const what of ['time', 'blackout']) {
        const box = document.createElement('div');
        box.innerHTML = '<h3></h3><div id="' + id + '-' + what + '" class="chart"></div>';
        holder.appendChild(box);
      }
    }
    const title = SERIES_TITLES[series] || 'load: ' + series;
    $(id + '-time').previousElementSibling.textContent = 'Migration time (s) vs ' + title;
    $(id + '-blackout').previousElementSibling.textContent = 'Observed blackout (ms) vs ' + title;
    const rows = bySeries.get(series);
    const levels = [...new Set(rows.map(levelLabel))];
    const bars = (field, scale) => c.platforms.map(p => ({ name: p, type: 'bar', data: levels.map(l => {
      const r = rows.find(x => x.platform === p && levelLabel(x) === l);
      return r && r[field] != null ? Math.round(r[field] / scale * 10) / 10 : null;
    }) }));
    const axes = { tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: levels, axisLabel: { interval: 0, rotate: levels.length > 4 ? 30 : 0 } } };
    draw(id + '-time', Object.assign({ yAxis: { type: 'value', name: 's' }, series: bars('migration_time_p50_ms', 1000) }, axes));
    draw(id + '-blackout', Object.assign({ yAxis: { type: 'value', name: 'ms' }, series: bars('observed_blackout_p50_ms', 1) }, axes));
  });
  const num = (v, scale, digits) => v == null ? '-' : (v / scale).toFixed(digits);
  $('comparison-table').querySelector('tbody').innerHTML = c.rows.map(r => '<tr><td>' + esc(r.load_profile) + '</td><td>' + esc(r.flavor)
    + '</td><td>' + esc(r.platform) + '</td><td>' + r.completed + ' / ' + r.migrations + '</td>'
    + '<td>' + num(r.migration_time_p50_ms, 1000, 1) + '</td><td>' + num(r.migration_time_max_ms, 1000, 1) + '</td>'
    + '<td class="observed">' + num(r.observed_blackout_p50_ms, 1, 0) + '</td><td>' + num(r.observed_blackout_max_ms, 1, 0) + '</td>'
    + '<td class="reported">' + num(r.reported_downtime_p50_ms, 1, 0) + '</td>'
    + '<td>' + num(r.guest_baseline_p50_ms_per_gb, 1, 0) + '</td><td>' + num(r.guest_slowdown_max_ms_per_gb, 1, 0) + '</td></tr>').join('');
}
$('comparison-wave').addEventListener('change', drawComparison);
