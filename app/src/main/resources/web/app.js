// migscope live page: reads /api/*, draws with ECharts, refreshes on Server-Sent Events from /api/stream.
'use strict';
const state = { token: sessionStorage.getItem('migscope-token'), charts: {}, refreshTimer: null, source: null };

function $(id) { return document.getElementById(id); }
function esc(s) { return String(s == null ? '' : s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c])); }
function mib(bytes) { return bytes == null ? '-' : (bytes / 1048576).toFixed(0) + ' MiB'; }
function mibs(rate) { return rate == null ? '-' : (rate / 1048576).toFixed(1) + ' MiB/s'; }
function clock(us) { return us == null ? '-' : new Date(us / 1000).toISOString().substring(11, 19); }
function ms(v) { return v == null ? '-' : Math.round(v) + ' ms'; }
function secs(msValue) { return msValue == null ? '-' : (msValue / 1000).toFixed(1) + ' s'; }
// How long before asOf (event time, the latest the pipeline has seen), never the viewer's clock.
function before(us, asOf) {
  if (us == null || asOf == null) { return ''; }
  const s = Math.max(0, (asOf - us) / 1e6);
  return s < 90 ? Math.round(s) + ' s ago' : Math.round(s / 60) + ' min ago';
}

async function api(path) {
  const headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
  const res = await fetch(path, { headers });
  if (res.status === 401) { askToken('The API needs a valid token.'); throw new Error('401'); }
  const body = await res.json();
  if (!res.ok) { const e = new Error(body.message || res.status); e.status = res.status; throw e; }
  return body;
}

function askToken(message) {
  $('token-form').hidden = false;
  $('token-error').textContent = message || '';
}

$('token-form').addEventListener('submit', ev => {
  ev.preventDefault();
  state.token = $('token').value;
  sessionStorage.setItem('migscope-token', state.token);
  $('token-form').hidden = true;
  connect();
  route();
});

function chart(id) {
  const el = $(id);
  let c = echarts.getInstanceByDom(el);
  if (!c) { c = echarts.init(el); }
  return c;
}

// Live updates redraw every chart about once a second: without animation, so a chart always shows all of its
// data at once instead of a line or bar caught halfway through growing.
function draw(id, option) {
  chart(id).setOption(Object.assign({ animation: false }, option), true);
}

function show(view) {
  for (const v of ['fleet', 'migration', 'alerts', 'distributions', 'waves', 'comparison']) { $('view-' + v).hidden = v !== view; }
}

async function route() {
  const hash = location.hash || '#/';
  try {
    if (hash.startsWith('#/m/')) { show('migration'); await drawMigration(decodeURIComponent(hash.substring(4))); }
    else if (hash === '#/alerts') { show('alerts'); await drawAlerts('alerts'); }
    else if (hash === '#/distributions') { show('distributions'); await drawDistributions(); }
    else if (hash === '#/waves') { show('waves'); await drawWaves(); }
    else if (hash === '#/comparison') { show('comparison'); await drawComparison(); }
    else { show('fleet'); await drawFleet(); }
    $('status').hidden = true;
  } catch (e) {
    console.warn('refresh failed', e);
    // While the pipeline starts the API answers 503: say so, and look again shortly.
    if (e.status === 503) {
      $('status').hidden = false;
      $('status').textContent = 'migscope is starting (' + e.message + '); this page fills in by itself.';
      if (!state.refreshTimer) { state.refreshTimer = setTimeout(() => { state.refreshTimer = null; route(); }, 2000); }
    }
  }
}

async function drawFleet() {
  const [rows, fleet] = await Promise.all([api('/api/migrations?state=in-flight'), api('/api/fleet?recent=12')]);
  state.fleet = fleet;
  $('as-of').textContent = fleet.as_of_us == null ? 'No event seen yet.'
    : 'As of ' + clock(fleet.as_of_us) + ' UTC, event time: the latest the pipeline has seen. Times below count back from it.';
  drawHour(fleet.last_hour);
  drawWave(fleet.wave);
  drawEnded(fleet.recent, fleet.as_of_us);
  $('fleet-count').textContent = '(' + rows.length + ')';
  $('fleet-empty').hidden = rows.length > 0;
  $('fleet').querySelector('tbody').innerHTML = rows.map(r => {
    const pct = r.progress_percent == null ? null : Math.round(r.progress_percent);
    const late = r.deadline_us != null && (r.converging === false || r.predicted_completion_us > r.deadline_us);
    return '<tr data-id="' + esc(r.migration_id) + '">'
      + '<td>' + esc(r.migration_id) + '</td><td>' + esc(r.vm) + '</td><td>' + esc(r.cluster) + '</td>'
      + '<td>' + esc(r.source_host) + ' &rarr; ' + esc(r.target_host) + '</td>'
      + '<td class="phase">' + esc(r.phase) + '</td><td>' + r.pass + '</td>'
      + '<td>' + (pct == null ? '-' : '<span class="bar"><span style="width:' + pct + '%"></span></span>' + pct + ' %') + '</td>'
      + '<td>' + mibs(r.dirty_rate_bytes_per_sec) + ' / ' + mibs(r.bandwidth_bytes_per_sec) + '</td>'
      + '<td class="' + (late ? 'late' : '') + '">' + (r.predicted_completion_us != null ? clock(r.predicted_completion_us) : (r.converging === false ? 'never at this rate' : '-')) + '</td>'
      + '<td>' + clock(r.deadline_us) + '</td>'
      + '<td>' + r.alerts.map(k => '<span class="badge ' + esc(k) + '">' + esc(k) + '</span>').join('') + '</td></tr>';
  }).join('');
  for (const tr of $('fleet').querySelectorAll('tbody tr')) {
    tr.addEventListener('click', () => { location.hash = '#/m/' + encodeURIComponent(tr.dataset.id); });
  }
  await drawAlerts('fleet-alerts');
  await drawWireRatios();
}

function drawHour(h) {
  $('hour-ended').textContent = h.ended;
  $('hour-success').textContent = h.success_rate == null ? '-' : (100 * h.success_rate).toFixed(h.success_rate < 1 ? 1 : 0) + ' %';
  const b = h.observed_blackout_ms, t = h.migration_time_ms;
  $('hour-blackout').textContent = b.count ? ms(b.p50) + ' / ' + ms(b.p95) : '-';
  $('hour-time').textContent = t.count ? secs(t.p50) + ' / ' + secs(t.p95) : '-';
  $('hour-note').textContent = h.to_us == null ? 'No migration has ended yet.'
    : clock(h.from_us) + ' to ' + clock(h.to_us) + ' (event time): ' + h.completed + ' completed, ' + h.failed + ' failed, '
      + h.aborted + ' aborted. Over the ' + h.ended + ' summaries of the hour, exact percentiles (nearest rank).';
}

function drawWave(w) {
  if (!w) {
    $('wave-name').textContent = '';
    $('wave-progress').innerHTML = '';
    $('wave-limits').innerHTML = '';
    $('wave-note').textContent = 'No wave reported yet: the wave view counts ended migrations, and follows them by a moment.';
    return;
  }
  $('wave-name').textContent = w.wave_id;
  const bad = w.failed + w.aborted, known = w.ended + w.in_flight + w.queued;
  const pct = n => (known ? 100 * n / known : 0).toFixed(2) + '%';
  $('wave-progress').innerHTML = '<div class="wavebar" title="ended, in flight and queued">'
    + '<span class="done" style="width:' + pct(w.completed) + '"></span><span class="bad" style="width:' + pct(bad) + '"></span>'
    + '<span class="running" style="width:' + pct(w.in_flight) + '"></span><span class="waiting" style="width:' + pct(w.queued) + '"></span></div>'
    + '<span id="wave-counts">' + w.ended + ' ended (' + w.completed + ' completed, ' + w.failed + ' failed, ' + w.aborted + ' aborted), '
    + w.in_flight + ' in flight, ' + w.queued + ' queued</span>';
  $('wave-limits').innerHTML = w.clusters.map(c => {
    const slots = Math.max(c.limit, c.in_flight);
    let boxes = '';
    for (let i = 0; i < slots; i++) { boxes += '<span class="' + (i < c.in_flight ? (i < c.limit ? 'used' : 'over') : '') + '"></span>'; }
    return '<div class="limit" data-cluster="' + esc(c.cluster) + '"><span>' + esc(c.cluster) + '</span><span class="slots">' + boxes + '</span>'
      + '<span>' + c.in_flight + ' of limit ' + c.limit + (c.in_flight >= c.limit ? ' (full)' : '') + '</span></div>';
  }).join('');
  const atLimit = w.clusters.map(c => esc(c.cluster) + ' peak ' + c.peak_in_flight + ', at the limit ' + secs(c.at_limit_ms)
    + (c.over_limit_ms > 0 ? ', over it ' + secs(c.over_limit_ms) : '')).join('; ');
  $('wave-note').textContent = 'Since ' + clock(w.first_requested_us) + (w.seconds_per_vm == null ? '' : ', ' + w.seconds_per_vm.toFixed(1) + ' s per VM')
    + (atLimit ? '. ' + atLimit : '') + '. In flight counts the whole cluster: the limit is the cluster\'s.';
}

function drawEnded(recent, asOf) {
  $('ended-empty').hidden = recent.length > 0;
  $('ended').querySelector('tbody').innerHTML = recent.map(s => {
    const delta = s.observed_blackout_ms != null && s.reported_downtime_ms != null
      ? ' <span class="muted">(' + (s.observed_blackout_ms >= s.reported_downtime_ms ? '+' : '') + Math.round(s.observed_blackout_ms - s.reported_downtime_ms) + ')</span>' : '';
    return '<tr data-id="' + esc(s.migration_id) + '"><td>' + esc(s.migration_id) + '</td><td>' + esc(s.vm) + '</td><td>' + esc(s.cluster) + '</td>'
      + '<td class="outcome ' + esc(s.outcome) + '">' + esc(s.outcome) + '</td>'
      + '<td title="' + clock(s.completed_at_us) + '">' + before(s.completed_at_us, asOf) + '</td>'
      + '<td>' + secs(s.migration_time_ms) + '</td>'
      + '<td class="observed">' + ms(s.observed_blackout_ms) + delta + '</td><td class="reported">' + ms(s.reported_downtime_ms) + '</td>'
      + '<td>' + s.alerts.map(k => '<span class="badge ' + esc(k) + '">' + esc(k) + '</span>').join('') + '</td></tr>';
  }).join('');
  for (const tr of $('ended').querySelectorAll('tbody tr')) {
    tr.addEventListener('click', () => { location.hash = '#/m/' + encodeURIComponent(tr.dataset.id); });
  }
  const oldestFirst = recent.slice().reverse();
  draw('ended-chart', {
    title: { text: 'observed blackout vs reported downtime (ms)', left: 'center', textStyle: { fontSize: 13, fontWeight: 'normal' } },
    tooltip: { trigger: 'axis' }, legend: { top: 26 }, grid: { top: 70, bottom: 60 },
    xAxis: { type: 'category', name: 'oldest to newest', nameLocation: 'middle', nameGap: 45, data: oldestFirst.map(s => s.vm),
      axisLabel: { rotate: 45 } }, yAxis: { type: 'value' },
    series: [
      { name: 'observed (ping)', type: 'bar', itemStyle: { color: '#c0392b' }, data: oldestFirst.map(s => s.observed_blackout_ms == null ? null : Math.round(s.observed_blackout_ms)) },
      { name: 'reported (hypervisor)', type: 'bar', itemStyle: { color: '#7f8c8d' }, data: oldestFirst.map(s => s.reported_downtime_ms) }]
  });
}

function alertItem(a) {
  const left = a.seconds_left_before_deadline == null ? '' : ' (' + Math.round(a.seconds_left_before_deadline) + ' s before the deadline)';
  return '<li><span class="badge ' + esc(a.kind) + '">' + esc(a.kind) + '</span> '
    + '<a href="#/m/' + encodeURIComponent(a.migration_id) + '">' + esc(a.migration_id) + '</a> ' + esc(a.vm)
    + ' since ' + clock(a.fired_at_us) + left + '<br><span class="muted">' + esc(a.evidence) + '</span></li>';
}

async function drawAlerts(listId) {
  const alerts = await api('/api/alerts?state=firing');
  $(listId).innerHTML = alerts.length ? alerts.map(alertItem).join('') : '<li class="muted">No alert firing.</li>';
}

async function drawMigration(id) {
  const m = await api('/api/migrations/' + encodeURIComponent(id));
  state.migration = m;
  const t = m.timeline, d = m.downtime, s = m.summary;
  $('migration-title').textContent = id;
  const base = t || s || {};
  $('migration-facts').textContent = [base.vm, base.cluster, base.platform, (base.source_host || '?') + ' -> ' + (base.target_host || '?'),
    t ? (t.final ? 'ended: ' + t.outcome : 'in flight') : (s ? s.outcome : ''), s ? wireFacts(s) : ''].filter(x => x).join(' | ');
  const t0 = t && t.phases.length ? t.phases[0].start_us : (s ? s.requested_at_us : null);
  drawTimeline(t, d, t0, m.as_of_us);
  drawRtt(m.rtt || [], d, t0);
  drawWire(m.wire || [], m.convergence || [], t0);
  $('wire-pairs').textContent = (m.wire_pairs || []).map(p => p.ends.map(e => e.end + (e.host === e.end ? '' : ' (' + e.host + ')'))
    .join(' <-> ')).join('; ');
  drawGuest(m.guest || [], d, s, t0);
  $('series-note').textContent = m.series_note || '';
  const passes = m.convergence || [];
  draw('passes-chart', {
    tooltip: { trigger: 'axis' }, xAxis: { type: 'category', name: 'pass', data: passes.map(p => p.pass) },
    yAxis: { type: 'value', name: 'MiB' },
    series: [{ name: 'remaining', type: 'bar', data: passes.map(p => p.remaining_bytes == null ? null : p.remaining_bytes / 1048576) }]
  });
  draw('rates-chart', {
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', name: 'pass', data: passes.map(p => p.pass) },
    yAxis: { type: 'value', name: 'MiB/s' },
    series: [
      { name: 'dirty rate', type: 'line', data: passes.map(p => p.dirty_rate_bytes_per_sec == null ? null : p.dirty_rate_bytes_per_sec / 1048576) },
      { name: 'bandwidth', type: 'line', data: passes.map(p => p.bandwidth_bytes_per_sec == null ? null : p.bandwidth_bytes_per_sec / 1048576) }]
  });
  const observed = d ? d.observed_blackout_ms : (s ? s.observed_blackout_ms : null);
  const reported = d ? d.reported_downtime_ms : (s ? s.reported_downtime_ms : null);
  const none = observed == null && reported == null;
  draw('blackout-chart', {
    title: none ? { text: t && t.final ? 'no blackout: the VM never paused' : 'no blackout yet', left: 'center', top: 'middle',
      textStyle: { color: '#777', fontSize: 14, fontWeight: 'normal' } } : undefined,
    tooltip: {}, xAxis: { type: 'category', data: ['observed blackout (ping)', 'reported downtime (hypervisor)'] },
    yAxis: { type: 'value', name: 'ms' },
    series: [{ type: 'bar', data: [observed == null ? null : Math.round(observed), reported], label: { show: true, position: 'top' } }]
  });
  $('migration-alerts').innerHTML = m.alerts.length ? m.alerts.map(alertItem).join('') : '<li class="muted">No alerts.</li>';
}

// Phases as bars on a time axis (seconds since the first phase), blackouts as red bars below them. A phase still
// open ends at asOf, the latest event time the API knows for the migration: the data's clock, not the viewer's.
function drawTimeline(t, d, t0, asOf) {
  const phases = t ? t.phases : [];
  const now = asOf != null ? asOf : (t ? t.updated_us : 0);
  const names = [], starts = [], lengths = [], colors = [];
  phases.forEach((p, i) => {
    names.push((i + 1) + '. ' + p.name);
    starts.push((p.start_us - t0) / 1e6);
    lengths.push(Math.max(0.05, ((p.end_us != null ? p.end_us : Math.max(p.start_us, now)) - p.start_us) / 1e6));
    colors.push('#3b7dd8');
  });
  for (const b of (d ? d.blackouts : [])) {
    names.push('blackout ' + b.estimate_ms.toFixed(0) + ' ms');
    starts.push((b.last_reply_us - t0) / 1e6);
    lengths.push(Math.max(0.05, b.estimate_ms / 1000));
    colors.push('#c0392b');
  }
  draw('timeline-chart', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 140 },
    xAxis: { type: 'value', name: 's' },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      { name: 'start', type: 'bar', stack: 'phase', itemStyle: { color: 'transparent' }, data: starts },
      { name: 'duration (s)', type: 'bar', stack: 'phase', data: lengths.map((v, i) => ({ value: v, itemStyle: { color: colors[i] } })) }]
  });
}

function seconds(us, t0) { return (us - t0) / 1e6; }

// Ping RTT per second (mean and max of the replies), with lost and late probes as thin bars (fixed width: on a
// value axis ECharts would widen a lone bar to the whole range) on their own axis and the
// observed blackouts shaded.
function drawRtt(points, d, t0) {
  const ms = us => us == null ? null : us / 1000;
  const at = p => seconds(p.time_us + 500000, t0); // the middle of the point's second
  const shade = (d ? d.blackouts : []).filter(b => b.first_reply_us != null)
    .map(b => [{ xAxis: seconds(b.last_reply_us, t0) }, { xAxis: seconds(b.first_reply_us, t0) }]);
  draw('rtt-chart', {
    tooltip: { trigger: 'axis' }, legend: {}, grid: { right: 60 },
    xAxis: { type: 'value', name: 's', scale: true },
    yAxis: [{ type: 'value', name: 'RTT ms' }, { type: 'value', name: 'probes', minInterval: 1 }],
    series: [
      { name: 'RTT mean', type: 'line', showSymbol: false, data: points.map(p => [at(p), ms(p.rtt_mean_us)]),
        markArea: { itemStyle: { color: 'rgba(192,57,43,0.15)' }, data: shade } },
      { name: 'RTT max', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: points.map(p => [at(p), ms(p.rtt_max_us)]) },
      { name: 'lost', type: 'bar', barWidth: 4, yAxisIndex: 1, itemStyle: { color: '#c0392b' }, data: points.filter(p => p.lost > 0).map(p => [at(p), p.lost]) },
      { name: 'late', type: 'bar', barWidth: 4, yAxisIndex: 1, itemStyle: { color: '#d68910' }, data: points.filter(p => p.late > 0).map(p => [at(p), p.late]) }]
  });
}

// Wire bytes (iftop) against the bytes the hypervisor says it sent: near 1 for a plain TCP migration; compression or
// multifd zero pages make it lower, other traffic on the migration's flows higher.
const RATIO_FAR = { low: 0.8, high: 1.25 };
function ratioFar(r) { return r != null && (r < RATIO_FAR.low || r > RATIO_FAR.high); }
function wireFacts(s) {
  if (s.wire_bytes == null) { return s.wire_bytes_note ? 'wire: ' + s.wire_bytes_note : ''; }
  return 'wire ' + mib(s.wire_bytes) + (s.wire_bytes_ratio == null ? '' : ' = ' + s.wire_bytes_ratio.toFixed(2) + ' x hypervisor')
    + (s.wire_bytes_note ? ' (' + s.wire_bytes_note + ')' : '');
}
function mib(bytes) { return (bytes / 1048576).toFixed(1) + ' MiB'; }

async function drawWireRatios() {
  const far = (await api('/api/migrations?state=recent&limit=200')).filter(s => ratioFar(s.wire_bytes_ratio));
  $('fleet-wire').innerHTML = far.length ? far.map(s => '<li><a href="#/m/' + encodeURIComponent(s.migration_id) + '">'
    + esc(s.migration_id) + '</a> ' + esc(s.vm) + ': wire ' + s.wire_bytes_ratio.toFixed(2) + ' x hypervisor</li>').join('')
    : '<li class="muted">Every recent migration\'s wire bytes are within ' + RATIO_FAR.low + '..' + RATIO_FAR.high + ' of the hypervisor\'s.</li>';
}

// Bytes on the wire between the two hosts (iftop, every flow of the pairs in wire_pairs) next to the hypervisor's bandwidth per pass.
function drawWire(points, passes, t0) {
  draw('wire-chart', {
    tooltip: { trigger: 'axis' }, legend: {},
    xAxis: { type: 'value', name: 's', scale: true }, yAxis: { type: 'value', name: 'MiB/s' },
    series: [
      { name: 'wire (host pair)', type: 'line', data: points.filter(p => p.bytes_per_sec != null)
        .map(p => [seconds(p.interval_end_us, t0), p.bytes_per_sec / 1048576]) },
      { name: 'hypervisor bandwidth', type: 'line', step: 'end', data: passes.filter(p => p.bandwidth_bytes_per_sec != null)
        .map(p => [seconds(p.time_us, t0), p.bandwidth_bytes_per_sec / 1048576]) }]
  });
}

function histogram(values, bins) {
  if (!values.length) { return { labels: [], counts: [] }; }
  const max = Math.max(...values), width = max / bins || 1;
  const counts = new Array(bins).fill(0);
  for (const v of values) { counts[Math.min(bins - 1, Math.floor(v / width))]++; }
  return { labels: counts.map((_, i) => (i * width).toFixed(0) + '-' + ((i + 1) * width).toFixed(0)), counts };
}

async function drawDistributions() {
  const summaries = await api('/api/migrations?state=recent&limit=2000');
  const select = $('dist-cluster');
  const clusters = [...new Set(summaries.map(s => s.cluster).filter(c => c))].sort();
  const chosen = select.value;
  select.innerHTML = '<option value="">all</option>' + clusters.map(c => '<option' + (c === chosen ? ' selected' : '') + '>' + esc(c) + '</option>').join('');
  const mine = summaries.filter(s => !chosen || s.cluster === chosen);
  for (const [id, values] of [['hist-blackout', mine.map(s => s.observed_blackout_ms).filter(v => v != null)],
    ['hist-time', mine.map(s => s.migration_time_ms).filter(v => v != null).map(v => v / 1000)]]) {
    const h = histogram(values, 12);
    draw(id, { tooltip: {}, xAxis: { type: 'category', data: h.labels }, yAxis: { type: 'value', name: 'migrations' },
      series: [{ type: 'bar', data: h.counts }] });
  }
}
$('dist-cluster').addEventListener('change', drawDistributions);

async function drawWaves() {
  const waves = await api('/api/waves');
  const select = $('wave-select');
  const chosen = select.value || (waves[0] && waves[0].wave_id);
  select.innerHTML = waves.map(w => '<option' + (w.wave_id === chosen ? ' selected' : '') + '>' + esc(w.wave_id) + '</option>').join('');
  const w = waves.find(x => x.wave_id === chosen);
  if (!w) { $('wave-facts').textContent = 'No wave yet.'; return; }
  $('wave-facts').textContent = w.vms + ' VMs, ' + w.completed + ' completed, ' + w.failed + ' failed, ' + w.aborted
    + ' aborted; peak in flight ' + w.peak_in_flight + (w.migrations_per_minute == null ? '' : '; ' + w.migrations_per_minute.toFixed(1) + ' per minute');
  const limit = Math.min(...w.concurrency.filter(c => c.scope === 'cluster').map(c => c.limit).concat([Infinity]));
  const minutes = w.minutes.map(m => clock(m.minute_start_us).substring(0, 5));
  draw('wave-chart', {
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: minutes }, yAxis: { type: 'value' },
    series: [{ name: 'max in flight', type: 'bar', data: w.minutes.map(m => m.max_in_flight),
      markLine: isFinite(limit) ? { data: [{ yAxis: limit, name: 'limit' }], label: { formatter: 'limit {c}' } } : undefined },
      { name: 'queued', type: 'line', data: w.minutes.map(m => m.max_queued) }]
  });
  let done = 0;
  draw('wave-completion', {
    tooltip: { trigger: 'axis' }, xAxis: { type: 'category', data: minutes }, yAxis: { type: 'value', max: w.vms },
    series: [{ name: 'ended', type: 'line', areaStyle: {}, data: w.minutes.map(m => (done += m.ended)) }]
  });
}
$('wave-select').addEventListener('change', drawWaves);

// Server-Sent Events: any change refreshes the view on screen, at most once a second.
function connect() {
  if (state.source) { state.source.close(); }
  const url = '/api/stream' + (state.token ? '?token=' + encodeURIComponent(state.token) : '');
  const source = new EventSource(url);
  state.source = source;
  source.addEventListener('hello', () => { $('live').className = 'on'; $('live').textContent = 'live'; });
  source.onerror = () => { $('live').className = 'off'; $('live').textContent = 'reconnecting'; };
  for (const kind of ['timeline', 'downtime', 'alert', 'summary', 'wave']) {
    source.addEventListener(kind, () => {
      if (!state.refreshTimer) { state.refreshTimer = setTimeout(() => { state.refreshTimer = null; route(); }, 1000); }
    });
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('resize', () => document.querySelectorAll('.chart').forEach(el => { const c = echarts.getInstanceByDom(el); if (c) { c.resize(); } }));

(async function init() {
  const cfg = await (await fetch('/page-config')).json();
  if (cfg.token_required && !state.token) { askToken(); return; }
  connect();
  route();
})();
