// The Usage tab: charts from /api/metrics/timeseries, tables from /api/metrics/summary, load from
// /api/models/servers. Loaded the first time the tab opens; charts are plain SVG, no library.
import * as api from './api.js';

const $ = id => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const RANGES = {
  hour: { millis: 3600e3, bucket: 'minute' },
  day: { millis: 24 * 3600e3, bucket: 'hour' },
  month: { millis: 30 * 24 * 3600e3, bucket: 'day' },
};
const CHARTS = [
  { title: 'Requests', series: [{ key: 'requests', label: 'requests' }, { key: 'errors', label: 'errors', className: 'errors' }] },
  { title: 'Tokens', series: [{ key: 'input_tokens', label: 'input' }, { key: 'output_tokens', label: 'output', className: 'output' }] },
  { title: 'Time to first token, p50 (ms)', series: [{ key: 'ttft_ms_p50', label: 'ms' }] },
  { title: 'Output tokens per second, p50', series: [{ key: 'output_tokens_per_second_p50', label: 'tokens/s' }] },
];
const COLUMNS = [
  ['key', ''], ['requests', 'requests'], ['errors', 'errors'], ['input_tokens', 'input tokens'],
  ['output_tokens', 'output tokens'], ['ttft_ms.p50', 'TTFT p50 ms'], ['ttft_ms.p95', 'TTFT p95 ms'],
  ['output_tokens_per_second.p50', 'tokens/s p50'], ['output_tokens_per_second.p95', 'tokens/s p95'],
];

let wired = false;

export async function show() {
  if (!wired) {
    wired = true;
    for (const id of ['range', 'usage-model']) $(id).addEventListener('change', show);
    $('usage-refresh').addEventListener('click', show);
  }
  const range = RANGES[$('range').value];
  const to = new Date();
  const from = new Date(to.getTime() - range.millis);
  const window = { from: from.toISOString(), to: to.toISOString() };
  const state = $('usage-state');
  state.textContent = 'Loading…';
  try {
    const [series, byModel, byPool, byClient, byKey] = await Promise.all([
      api.metrics('timeseries', { ...window, bucket: range.bucket, model: $('usage-model').value }),
      api.metrics('summary', { ...window, group_by: 'model' }),
      api.metrics('summary', { ...window, group_by: 'pool' }),
      api.metrics('summary', { ...window, group_by: 'client_kind' }),
      api.metrics('summary', { ...window, group_by: 'api_key' }),
    ]);
    const total = series.points.reduce((sum, point) => sum + point.requests, 0);
    state.textContent = `${total} requests from ${from.toLocaleString()} to ${to.toLocaleString()}`;
    models(byModel.groups);
    $('charts').replaceChildren(...CHARTS.map(chart => figure(chart, series.points)));
    $('summary').replaceChildren(table('Model', byModel.groups), table('Pool', byPool.groups), table('Client', byClient.groups),
      table('API key', byKey.groups));
  } catch (e) {
    state.textContent = `Usage is unavailable: ${e.message}`;
    $('charts').replaceChildren();
    $('summary').replaceChildren();
  }
  load();
}

function models(groups) {
  const select = $('usage-model');
  const current = select.value;
  const names = groups.map(group => group.key).filter(Boolean).sort();
  select.replaceChildren(new Option('All models', ''), ...names.map(name => new Option(name, name)));
  if (names.includes(current)) select.value = current;
}

/** A bar chart, the series of each bucket stacked. */
function figure(chart, points) {
  const width = 600;
  const height = 140;
  const max = Math.max(1, ...points.map(point => chart.series.reduce((sum, s) => sum + (point[s.key] ?? 0), 0)));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${chart.title}, highest ${round(max)}`);
  const barWidth = width / Math.max(points.length, 1);
  points.forEach((point, index) => {
    let top = height;
    for (const series of chart.series) {
      const value = point[series.key] ?? 0;
      const barHeight = (value / max) * (height - 4);
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('class', `bar ${series.className ?? ''}`);
      rect.setAttribute('x', String(index * barWidth + barWidth * 0.1));
      rect.setAttribute('width', String(Math.max(barWidth * 0.8, 0.5)));
      rect.setAttribute('y', String(top - barHeight));
      rect.setAttribute('height', String(barHeight));
      rect.dataset.value = String(value);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${new Date(point.start).toLocaleString()}: ${round(value)} ${series.label}`;
      rect.append(title);
      svg.append(rect);
      top -= barHeight;
    }
  });
  const container = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = chart.title + (chart.series.length > 1 ? ` (${chart.series.map(s => s.label).join(' + ')})` : '');
  const axis = document.createElement('div');
  axis.className = 'axis';
  axis.textContent = points.length
    ? `${new Date(points[0].start).toLocaleString()} – ${new Date(points.at(-1).start).toLocaleString()} · highest ${round(max)}`
    : 'no data';
  container.append(caption, svg, axis);
  return container;
}

function table(title, groups) {
  const element = document.createElement('table');
  const head = element.createTHead().insertRow();
  COLUMNS.forEach(([, label], index) => head.append(Object.assign(document.createElement('th'), { textContent: index ? label : title })));
  const body = element.createTBody();
  for (const group of groups) {
    const row = body.insertRow();
    for (const [path] of COLUMNS) {
      const value = path.split('.').reduce((object, key) => object?.[key], group);
      row.insertCell().textContent = typeof value === 'number' ? round(value) : value ?? '—';
    }
  }
  if (!groups.length) body.insertRow().insertCell().textContent = 'No requests in this range.';
  return element;
}

async function load() {
  try {
    const servers = await api.servers();
    $('load').replaceChildren(...servers.map(server => {
      const row = document.createElement('div');
      row.className = 'load-row';
      const meter = document.createElement('meter');
      meter.min = 0;
      meter.max = Math.max(server.capacity, 1);
      meter.value = server.in_flight;
      const label = document.createElement('span');
      label.textContent = `${server.pools.join(', ')} (${server.url}): ${server.in_flight} / ${server.capacity} in flight${server.healthy ? '' : ', down'}`;
      row.append(label, meter);
      return row;
    }));
  } catch (e) {
    $('load').textContent = e.message;
  }
}

const round = value => Number.isInteger(value) ? String(value) : value.toFixed(1);
