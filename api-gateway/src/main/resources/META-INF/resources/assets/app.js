// Switchboard's web chat. It talks only to the gateway's public HTTP API (api.js).
import * as api from './api.js';
import { render } from './markdown.js';

const $ = id => document.getElementById(id);
const SERVERS_EVERY_MS = 3000;
const PENDING = 'switchboard.pending';
const SETTINGS = 'switchboard.settings.';

const state = {
  conversation: blank(),
  servers: null,
  modelsSignature: '',
  wantedModel: new URLSearchParams(location.search).get('model'),
  streaming: null,
  attachments: [],
  historyAvailable: true,
};

function blank() {
  return { id: null, title: '', archived: false, messages: [] };
}

// ---------------------------------------------------------------- servers and models

async function pollServers() {
  try {
    state.servers = await api.servers();
    showHealth();
    showModels();
    if (!$('servers-view').hidden) showServers();
  } catch (e) {
    state.servers = null;
    $('server-health').textContent = e.message;
    $('server-health').className = 'health down';
  }
  setTimeout(pollServers, SERVERS_EVERY_MS);
}

function showHealth() {
  const all = state.servers;
  const down = all.filter(server => !server.healthy);
  const health = $('server-health');
  if (!all.length) {
    health.textContent = 'No server is connected: start a worker and its backend.';
  } else if (down.length) {
    health.textContent = `${down.length} of ${all.length} servers down: ${down.map(serverName).join(', ')}`;
  } else {
    health.textContent = all.length === 1 ? '1 server up' : `${all.length} servers up`;
  }
  health.className = 'health' + (down.length || !all.length ? ' down' : '');
}

const serverName = server => `${server.pools.join(', ')} (${server.url})`;
const contextOf = model => model.context_length ? `${Math.round(model.context_length / 1024)}k` : null;

function modelLabel(model) {
  return [model.name, contextOf(model), ...[...(model.capabilities ?? [])].filter(c => c !== 'completion'),
    model.loaded ? 'loaded' : null].filter(Boolean).join(' · ');
}

/** Every model once under "any server" (the gateway picks the least loaded), then each server's own. */
function showModels() {
  const select = $('model');
  const signature = JSON.stringify(state.servers.map(s => [s.url, s.healthy, s.pools, s.models]));
  if (signature === state.modelsSignature) return;
  state.modelsSignature = signature;
  const current = select.value || state.wantedModel || localStorage.getItem('switchboard.model');
  select.replaceChildren();
  const names = [...new Set(state.servers.flatMap(server => server.models.map(model => model.name)))].sort();
  if (!names.length) {
    select.append(new Option('No model available', ''));
    return;
  }
  const any = document.createElement('optgroup');
  any.label = 'Any server';
  names.forEach(name => any.append(new Option(name, name)));
  select.append(any);
  for (const server of state.servers) {
    const group = document.createElement('optgroup');
    group.label = `${serverName(server)}${server.healthy ? '' : ' — down'}`;
    server.models.forEach(model => group.append(new Option(modelLabel(model), `${server.pools[0]}/${model.name}`)));
    select.append(group);
  }
  if (current && ![...select.options].some(option => option.value === current)) {
    select.append(new Option(`${current} (not listed)`, current));
  }
  if (current) select.value = current;
}

function showServers() {
  const list = $('servers');
  list.replaceChildren(...(state.servers ?? []).map(server => {
    const item = el('li', { className: 'server' + (server.healthy ? '' : ' down') });
    const head = el('div', { className: 'server-head' });
    head.append(el('strong', { textContent: server.pools.join(', ') }), el('span', { textContent: ` ${server.kind} · ${server.url}` }),
      el('span', { className: 'state', textContent: server.healthy ? 'up' : 'down' }),
      el('span', { className: 'load', textContent: `${server.in_flight} / ${server.capacity} in flight` }));
    const models = el('ul', { className: 'models' });
    for (const model of server.models) {
      const row = el('li', { textContent: model.name + ' ' });
      if (contextOf(model)) row.append(badge(contextOf(model) + ' context'));
      [...(model.capabilities ?? [])].filter(c => c !== 'completion').forEach(c => row.append(badge(c)));
      if (model.loaded) row.append(badge('loaded', 'loaded'));
      models.append(row);
    }
    item.append(head, models);
    return item;
  }));
  if (state.servers && !state.servers.length) list.append(el('li', { textContent: 'No server is connected.' }));
}

// ---------------------------------------------------------------- conversations list

let searchTimer;

async function showConversations() {
  const note = $('history-state');
  try {
    const page = await api.sessions({ q: $('search').value.trim(), archived: $('show-archived').checked });
    state.historyAvailable = true;
    note.hidden = true;
    $('conversations').replaceChildren(...page.items.map(item => {
      const link = el('a', { href: `/c/${encodeURIComponent(item.id)}`, className: 'conversation' });
      link.append(el('span', { className: 'title', textContent: item.title || 'Untitled' }),
        el('span', { className: 'source', textContent: item.source }),
        el('time', { dateTime: item.updated_at, textContent: when(item.updated_at) }));
      if (item.id === state.conversation.id) {
        link.setAttribute('aria-current', 'page');
        nameOpenConversation(item.title);
      }
      link.addEventListener('click', event => {
        event.preventDefault();
        openConversation(item.id, true);
        closeSidebar();
      });
      return el('li', {}, link);
    }));
    if (!page.items.length) $('conversations').append(el('li', { className: 'note', textContent: 'No conversation yet.' }));
  } catch (e) {
    state.historyAvailable = false;
    note.hidden = false;
    note.textContent = `History is unavailable (${e.message}). Chatting still works; answers are filed once it is back.`;
  }
}

/** session-service names a conversation from its first question; the open one shows the name once it has it. */
function nameOpenConversation(title) {
  if (title && !state.conversation.title) {
    state.conversation.title = title;
    if (document.activeElement !== $('title')) $('title').value = title;
  }
}

function when(iso) {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString()
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleDateString();
}

// ---------------------------------------------------------------- one conversation

async function openConversation(id, push) {
  if (push) history.pushState(null, '', `/c/${encodeURIComponent(id)}${location.search}`);
  state.conversation = { ...blank(), id };
  hideBanner();
  showConversation();
  try {
    state.conversation = fromSession(await api.session(id));
  } catch (e) {
    banner(e.status === 404 ? 'This conversation does not exist (any more).' : `History is unavailable: ${e.message}`);
  }
  showConversation();
  showConversations();
  await resumePending();
}

function fromSession(session) {
  return {
    id: session.id, title: session.title ?? '', archived: session.archived, source: session.source,
    messages: session.messages.map(message => ({
      role: message.role,
      content: typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content ?? [],
      meta: {
        jobId: message.job_id, model: message.model, input: message.usage?.input_tokens,
        output: message.usage?.output_tokens, stopped: message.partial || message.stop_reason === 'stopped_by_user',
        stopReason: message.stop_reason, error: message.error,
      },
    })),
  };
}

function newConversation() {
  if (history.state !== null || location.pathname !== '/') history.pushState(null, '', '/' + location.search);
  state.conversation = blank();
  hideBanner();
  showConversation();
  showConversations();
  $('prompt').focus();
}

function showConversation() {
  const conversation = state.conversation;
  $('title').value = conversation.title ?? '';
  $('conversation-actions').hidden = !conversation.id;
  $('archive').textContent = conversation.archived ? 'Unarchive' : 'Archive';
  if (conversation.id) {
    $('export-md').href = api.exportUrl(conversation.id, 'markdown');
    $('export-json').href = api.exportUrl(conversation.id, 'json');
  }
  const settings = JSON.parse(localStorage.getItem(SETTINGS + (conversation.id ?? 'new')) ?? localStorage.getItem(SETTINGS + 'new') ?? '{}');
  $('system').value = settings.system ?? '';
  $('temperature').value = settings.temperature ?? '';
  $('max-tokens').value = settings.maxTokens ?? 4096;
  const list = $('messages');
  list.replaceChildren(...conversation.messages.map((message, index) => messageView(message, index)));
  if (!conversation.messages.length) list.append(el('li', { className: 'empty', textContent: 'Pick a model, write a message, press Enter.' }));
  showStop();
  scrollDown(true);
}

function saveSettings() {
  const settings = { system: $('system').value, temperature: $('temperature').value, maxTokens: $('max-tokens').value };
  localStorage.setItem(SETTINGS + (state.conversation.id ?? 'new'), JSON.stringify(settings));
  localStorage.setItem(SETTINGS + 'new', JSON.stringify(settings));
}

function messageView(message, index) {
  const item = el('li', { className: `message ${message.role}` });
  item.append(el('div', { className: 'who', textContent: message.role === 'user' ? 'You' : 'Assistant' }));
  const body = el('div', { className: 'body' });
  item.append(body);
  item.body = body;
  item.meta = el('div', { className: 'meta' });
  item.append(item.meta);
  fill(item, message, true);
  const actions = el('div', { className: 'message-actions' });
  if (message.role === 'user' && message.content.some(block => block.type === 'text')) {
    actions.append(button('Edit', () => edit(index)));
  }
  if (message.role === 'assistant' && index === state.conversation.messages.length - 1) {
    actions.append(button('Regenerate', regenerate));
  }
  item.append(actions);
  return item;
}

/** (Re)draws a message's blocks and its line of facts. */
function fill(item, message, settled) {
  const body = item.body;
  body.replaceChildren();
  for (const block of message.content) {
    if (block.type === 'text' && message.role === 'assistant') {
      const text = el('div', { className: 'markdown' });
      render(text, block.text ?? '', settled);
      body.append(text);
    } else if (block.type === 'text') {
      body.append(el('p', { className: 'plain', textContent: block.text }));
    } else if (block.type === 'thinking') {
      body.append(folded('Thinking', el('div', { className: 'thinking', textContent: block.thinking ?? '' })));
    } else if (block.type === 'tool_use') {
      body.append(folded(`Tool call: ${block.name}`, el('pre', { textContent: JSON.stringify(block.input ?? block.partial ?? {}, null, 2) })));
    } else if (block.type === 'tool_result') {
      const content = typeof block.content === 'string' ? block.content
        : (block.content ?? []).map(part => part.text ?? `[${part.type}]`).join('\n');
      body.append(folded('Tool result', el('pre', { textContent: content })));
    } else if (block.type === 'image' && block.source?.type === 'base64') {
      body.append(el('img', { className: 'image', alt: 'attached image', src: `data:${block.source.media_type};base64,${block.source.data}` }));
    }
  }
  const meta = message.meta ?? {};
  if (message.role === 'assistant') {
    const facts = [meta.model, meta.pool ? `on ${meta.pool}` : null,
      meta.ttftMs != null ? `first token ${Math.round(meta.ttftMs)} ms` : null,
      meta.tokensPerSecond ? `${meta.tokensPerSecond.toFixed(1)} tokens/s` : null,
      meta.input != null ? `${meta.input} in` : null, meta.output != null ? `${meta.output} out` : null];
    item.meta.replaceChildren(document.createTextNode(facts.filter(Boolean).join(' · ')));
    if (meta.stopped) item.meta.append(el('span', { className: 'stopped', textContent: 'Stopped' }));
    if (meta.error) item.meta.append(el('span', { className: 'error', textContent: meta.error }));
    item.classList.toggle('streaming', !settled);
  }
}

function folded(summary, content) {
  const details = el('details', { className: 'fold' });
  details.append(el('summary', { textContent: summary }), content);
  return details;
}

// ---------------------------------------------------------------- sending, streaming, stopping

async function send() {
  if (state.streaming) return;
  const text = $('prompt').value.trim();
  if (!text && !state.attachments.length) return;
  const model = $('model').value;
  if (!model) {
    banner('No model to send to: no server offers one right now (see Servers).');
    return;
  }
  hideBanner();
  const conversation = state.conversation;
  if (!conversation.id) {
    // session-service files the conversation under this id with its first answer: none is listed
    // before there is something in it, and none is lost while session-service is away.
    conversation.id = newConversationId();
    history.pushState(null, '', `/c/${encodeURIComponent(conversation.id)}${location.search}`);
    saveSettings();
  }
  const content = [...state.attachments.map(image => image.block)];
  if (text) content.push({ type: 'text', text });
  conversation.messages.push({ role: 'user', content });
  $('prompt').value = '';
  state.attachments = [];
  showAttachments();
  showConversation();
  await generate(model);
}

/** A random UUID; crypto.randomUUID exists only on https and loopback, and the chat may be served on a LAN address. */
function newConversationId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function requestBody(model) {
  const body = { model, max_tokens: Number($('max-tokens').value) || 4096, messages: apiMessages(state.conversation.messages) };
  if ($('system').value.trim()) body.system = $('system').value.trim();
  if ($('temperature').value !== '') body.temperature = Number($('temperature').value);
  return body;
}

/** The history as the Messages API takes it: thinking left out, empty turns dropped, same roles merged. */
function apiMessages(messages) {
  const out = [];
  for (const message of messages) {
    const content = message.content.filter(block => block.type !== 'thinking' && !(block.type === 'text' && !block.text))
      .map(block => block.type === 'tool_use' ? { type: 'tool_use', id: block.id, name: block.name, input: block.input ?? {} } : block);
    if (!content.length) continue;
    const last = out.at(-1);
    if (last?.role === message.role) last.content.push(...content);
    else out.push({ role: message.role, content: [...content] });
  }
  while (out.length && out[0].role !== 'user') out.shift();
  return out;
}

async function generate(model) {
  const conversation = state.conversation;
  const answer = { role: 'assistant', content: [], meta: { model } };
  const run = { conversation, answer, controller: new AbortController(), messageId: null, stopRequested: false };
  state.streaming = run;
  conversation.messages.push(answer);
  showConversation();
  try {
    const started = performance.now();
    const { messageId, events } = await api.stream(conversation.id, requestBody(model), run.controller.signal);
    run.messageId = messageId;
    localStorage.setItem(PENDING, JSON.stringify({ conversationId: conversation.id, messageId, user: conversation.messages.at(-2) }));
    if (run.stopRequested) api.cancel(messageId).catch(() => run.controller.abort());
    await consume(run, events, started);
  } catch (e) {
    if (e.name === 'AbortError') answer.meta.stopped = true;
    else answer.meta.error = e.message;
  } finally {
    finish(run);
  }
}

/** Reads a generation's events into its answer, redrawing at most once a frame; `started` is null for a replay. */
async function consume(run, events, started) {
  const { answer } = run;
  const meta = answer.meta;
  let firstToken = null;
  let drawn = false;
  const redraw = () => {
    if (drawn) return;
    drawn = true;
    requestAnimationFrame(() => {
      drawn = false;
      const view = viewOf(run);
      if (view) {
        fill(view, answer, false);
        scrollDown(false);
      }
    });
  };
  for await (const { event, data } of events) {
    switch (event) {
      case 'message_start':
        run.messageId ??= data.message.id;
        meta.jobId = data.message.id;
        meta.model ??= data.message.model;
        meta.input = data.message.usage?.input_tokens;
        break;
      case 'content_block_start':
        answer.content[data.index] = { ...data.content_block, partial: data.content_block.type === 'tool_use' ? '' : undefined };
        break;
      case 'content_block_delta': {
        const block = answer.content[data.index];
        if (!block) break;
        const delta = data.delta;
        if (delta.type === 'text_delta') block.text = (block.text ?? '') + delta.text;
        else if (delta.type === 'thinking_delta') block.thinking = (block.thinking ?? '') + delta.thinking;
        else if (delta.type === 'input_json_delta') block.partial += delta.partial_json;
        if (firstToken === null) {
          firstToken = performance.now();
          if (started !== null) meta.ttftMs = firstToken - started;
        }
        redraw();
        break;
      }
      case 'content_block_stop': {
        const block = answer.content[data.index];
        if (block?.type === 'tool_use' && block.partial) {
          try { block.input = JSON.parse(block.partial); } catch { block.input = block.partial; }
        }
        break;
      }
      case 'message_delta':
        meta.output = data.usage?.output_tokens ?? meta.output;
        meta.stopReason = data.delta?.stop_reason;
        break;
      case 'error':
        if (run.stopRequested) meta.stopped = true;
        else meta.error = data.error?.message ?? 'the generation failed';
        break;
      default:
        break;
    }
  }
  if (run.stopRequested) meta.stopped = true;
  // a replayed answer came at the replay's pace, not the model's: no rate for it
  if (started !== null && firstToken !== null && meta.output) {
    const seconds = (performance.now() - firstToken) / 1000;
    if (seconds > 0 && meta.output > 1) meta.tokensPerSecond = (meta.output - 1) / seconds;
  }
}

function viewOf(run) {
  if (run.conversation !== state.conversation) return null;
  const index = state.conversation.messages.indexOf(run.answer);
  return $('messages').children[index] ?? null;
}

function finish(run) {
  if (state.streaming === run) state.streaming = null;
  localStorage.removeItem(PENDING);
  if (run.conversation === state.conversation) showConversation();
  showConversations();
  // session-service files the turn (and names a new conversation) once the completion reaches it
  setTimeout(showConversations, 1500);
  describeJob(run);
}

/** Where the answer ran (pool, worker) comes from its usage record, once metrics-service has it. */
async function describeJob(run, attempt = 0) {
  const jobId = run.answer.meta.jobId;
  if (!jobId || attempt > 5) return;
  try {
    const usage = await api.usageOf(jobId);
    run.answer.meta.pool = usage.pool;
    run.answer.meta.model = usage.model ?? run.answer.meta.model;
    const view = viewOf(run);
    if (view) fill(view, run.answer, true);
  } catch {
    setTimeout(() => describeJob(run, attempt + 1), 1000);
  }
}

async function stop() {
  const run = state.streaming;
  if (!run || run.stopRequested) return;
  run.stopRequested = true;
  $('stop').disabled = true;
  if (run.messageId) {
    try {
      await api.cancel(run.messageId);
    } catch {
      run.controller.abort();
    }
  }
  // The stream ends by itself once the worker stopped; hanging up is the fallback, and cancels too.
  setTimeout(() => { if (state.streaming === run) run.controller.abort(); }, run.messageId ? 3000 : 0);
}

function showStop() {
  const streaming = state.streaming && state.streaming.conversation === state.conversation;
  $('stop').hidden = !streaming;
  $('stop').disabled = !!state.streaming?.stopRequested;
  $('send').disabled = !!state.streaming;
}

/**
 * After a reload, in a second tab or on another device: an answer still being written in this
 * conversation (the gateway lists it) re-attaches, replayed from its start, and continues.
 */
async function resumePending() {
  const conversation = state.conversation;
  if (!conversation.id || state.streaming) return;
  const pending = JSON.parse(localStorage.getItem(PENDING) ?? 'null');
  let running = [];
  try {
    running = (await api.generations(conversation.id)).generations
      .filter(generation => generation.state === 'queued' || generation.state === 'running');
  } catch {
    // an older gateway, or none: the answer this browser was reading may still be kept
  }
  const known = new Set(conversation.messages.map(message => message.meta?.jobId));
  const messageId = running.map(generation => generation.id).filter(id => !known.has(id)).at(-1)
    ?? (pending?.conversationId === conversation.id && !known.has(pending.messageId) ? pending.messageId : null);
  if (!messageId) {
    if (pending?.conversationId === conversation.id) localStorage.removeItem(PENDING);
    return;
  }
  const run = { conversation, answer: { role: 'assistant', content: [], meta: { jobId: messageId } },
    controller: new AbortController(), messageId, stopRequested: false };
  const attached = await api.reattach(messageId, run.controller.signal);
  if (!attached || state.conversation !== conversation || state.streaming) {
    run.controller.abort();
    return;
  }
  if (pending?.messageId === messageId && pending.user && conversation.messages.at(-1)?.role !== 'user') {
    conversation.messages.push(pending.user);
  }
  conversation.messages.push(run.answer);
  state.streaming = run;
  showConversation();
  try {
    await consume(run, attached.events, null);
  } catch (e) {
    if (e.name === 'AbortError') run.answer.meta.stopped = true;
    else run.answer.meta.error = e.message;
  } finally {
    finish(run);
  }
}

function edit(index) {
  if (state.streaming) return;
  const message = state.conversation.messages[index];
  $('prompt').value = message.content.filter(block => block.type === 'text').map(block => block.text).join('\n');
  state.conversation.messages = state.conversation.messages.slice(0, index);
  showConversation();
  $('prompt').focus();
}

async function regenerate() {
  if (state.streaming || !$('model').value) return;
  state.conversation.messages.pop();
  await generate($('model').value);
}

// ---------------------------------------------------------------- images

async function attach(files) {
  for (const file of files) {
    const data = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(',')[1]);
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
    state.attachments.push({ name: file.name, block: { type: 'image', source: { type: 'base64', media_type: file.type, data } } });
  }
  showAttachments();
}

function showAttachments() {
  $('attachments').replaceChildren(...state.attachments.map((image, index) => {
    const chip = el('span', { className: 'chip', textContent: image.name + ' ' });
    chip.append(button('Remove', () => { state.attachments.splice(index, 1); showAttachments(); }, `Remove ${image.name}`));
    return chip;
  }));
}

// ---------------------------------------------------------------- small helpers

function el(tag, props = {}, ...children) {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children);
  return element;
}

function button(text, onClick, label) {
  const b = el('button', { type: 'button', textContent: text });
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function badge(text, extra = '') {
  return el('span', { className: `badge ${extra}`, textContent: text });
}

function banner(text) {
  $('banner').textContent = text;
  $('banner').hidden = false;
}

function hideBanner() {
  $('banner').hidden = true;
}

function scrollDown(force) {
  const list = $('messages');
  if (force || list.scrollHeight - list.scrollTop - list.clientHeight < 120) list.scrollTop = list.scrollHeight;
}

function closeSidebar() {
  document.body.classList.remove('sidebar-open');
  $('menu').setAttribute('aria-expanded', 'false');
}

let usage;
let together;

function showView(name) {
  for (const view of ['chat', 'together', 'usage', 'servers']) {
    $(`${view}-view`).hidden = view !== name;
    $(`tab-${view}`).setAttribute('aria-pressed', String(view === name));
  }
  if (name === 'servers') showServers();
  if (name === 'usage') {
    usage ??= import('./usage.js');
    usage.then(module => module.show());
  }
  if (name === 'together') {
    together ??= import('./together.js');
    together.then(module => module.show());
  }
  history.replaceState(history.state, '', location.pathname + location.search + (name === 'together' ? '#together' : ''));
}

// ---------------------------------------------------------------- wiring

$('composer').addEventListener('submit', event => { event.preventDefault(); send(); });
$('prompt').addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});
document.addEventListener('keydown', event => {
  if (event.key === 'Escape' && state.streaming) {
    event.preventDefault();
    stop();
  }
});
$('stop').addEventListener('click', stop);
$('new-chat').addEventListener('click', () => { newConversation(); closeSidebar(); });
$('search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(showConversations, 250); });
$('show-archived').addEventListener('change', showConversations);
$('model').addEventListener('change', () => localStorage.setItem('switchboard.model', $('model').value));
for (const id of ['system', 'temperature', 'max-tokens']) $(id).addEventListener('change', saveSettings);
$('attach').addEventListener('change', event => { attach([...event.target.files]); event.target.value = ''; });
$('title').addEventListener('change', async () => {
  const conversation = state.conversation;
  if (!conversation.id) return;
  try {
    const updated = await api.updateSession(conversation.id, { title: $('title').value.trim() });
    conversation.title = updated.title;
    showConversations();
  } catch (e) {
    banner(`Could not rename: ${e.message}`);
  }
});
$('title').addEventListener('keydown', event => { if (event.key === 'Enter') event.target.blur(); });
$('archive').addEventListener('click', async () => {
  const conversation = state.conversation;
  try {
    conversation.archived = (await api.updateSession(conversation.id, { archived: !conversation.archived })).archived;
    showConversation();
    showConversations();
  } catch (e) {
    banner(`Could not archive: ${e.message}`);
  }
});
$('delete').addEventListener('click', async () => {
  const conversation = state.conversation;
  if (!confirm(`Delete “${conversation.title || 'Untitled'}” for good?`)) return;
  try {
    await api.deleteSession(conversation.id);
    newConversation();
  } catch (e) {
    banner(`Could not delete: ${e.message}`);
  }
});
$('menu').addEventListener('click', () => {
  const open = document.body.classList.toggle('sidebar-open');
  $('menu').setAttribute('aria-expanded', String(open));
});
// The sidebar stays in every view: what another view added (an exchange's conversation) shows on the switch.
for (const view of ['chat', 'together', 'usage', 'servers']) {
  $(`tab-${view}`).addEventListener('click', () => { showView(view); showConversations(); });
}
addEventListener('popstate', route);

function route() {
  const match = location.pathname.match(/^\/c\/([^/]+)$/);
  if (match) openConversation(decodeURIComponent(match[1]), false);
  else newConversation();
}

route();
pollServers();
if (location.hash === '#together') showView('together');
