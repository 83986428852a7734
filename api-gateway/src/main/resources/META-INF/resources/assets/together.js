// The "Models together" tab: several models answer one message, in turn or side by side, through
// POST /api/chat/multi-model. The view is drawn from the exchange's events alone, so a reload
// re-attaches (GET /api/chat/{id}/stream, replayed from the start) and draws the same exchange.
import * as api from './api.js';

const $ = id => document.getElementById(id);
const SAVED = 'switchboard.together';
const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta'];

/** The exchange on screen: its id and what its events drew. */
let current = null;
let wired = false;

export async function show() {
  if (wired) return;
  wired = true;
  $('add-participant').addEventListener('click', () => addParticipant());
  $('together-composer').addEventListener('submit', event => { event.preventDefault(); send(); });
  $('together-prompt').addEventListener('keydown', event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  $('together-stop').addEventListener('click', stop);
  $('together-new').addEventListener('click', reset);
  const models = await modelNames();
  const saved = JSON.parse(localStorage.getItem(SAVED) || 'null');
  const participants = saved?.participants ?? [{ model: models[0] }, { model: models[1] ?? models[0] }];
  participants.forEach(participant => addParticipant(participant, models));
  if (saved?.mode) $('together-mode').value = saved.mode;
  if (saved?.id) reattach(saved.id);
}

async function modelNames() {
  try {
    const servers = await api.servers();
    return [...new Set(servers.flatMap(server => server.models.map(model => model.name)))].sort();
  } catch (e) {
    banner(e.message);
    return [];
  }
}

let knownModels = [];

function addParticipant(participant = {}, models = knownModels) {
  knownModels = models;
  const list = $('participants');
  const index = list.children.length;
  if (index >= NAMES.length) return;
  const item = document.createElement('li');
  item.className = 'participant';
  const model = document.createElement('select');
  model.className = 'participant-model';
  model.setAttribute('aria-label', `Participant ${index + 1} model`);
  for (const name of models) model.add(new Option(name, name));
  if (participant.model) model.value = participant.model;
  const name = document.createElement('input');
  name.className = 'participant-name';
  name.setAttribute('aria-label', `Participant ${index + 1} name`);
  name.value = participant.name ?? NAMES[index];
  const system = document.createElement('textarea');
  system.className = 'participant-system';
  system.rows = 2;
  system.setAttribute('aria-label', `Participant ${index + 1} system prompt`);
  system.placeholder = 'System prompt: who this model is in the exchange';
  system.value = participant.system ?? '';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Remove';
  remove.setAttribute('aria-label', `Remove participant ${index + 1}`);
  remove.addEventListener('click', () => item.remove());
  item.append(field('Model', model), field('Name', name), field('System prompt', system, 'grow'), remove);
  list.append(item);
}

function field(label, control, extra = '') {
  const wrap = document.createElement('label');
  wrap.className = `field ${extra}`.trim();
  wrap.append(label + ' ', control);
  return wrap;
}

function participants() {
  return [...$('participants').children].map(item => ({
    model: item.querySelector('.participant-model').value,
    name: item.querySelector('.participant-name').value.trim(),
    system: item.querySelector('.participant-system').value,
  }));
}

function banner(message) {
  $('together-banner').textContent = message;
  $('together-banner').hidden = !message;
}

function reset() {
  current = null;
  localStorage.setItem(SAVED, JSON.stringify({ participants: participants(), mode: $('together-mode').value }));
  $('together-messages').replaceChildren();
  $('together-export').hidden = true;
  setRunning(false);
  banner('');
}

function setRunning(running) {
  $('together-stop').hidden = !running;
  // While the models talk, the user may speak: the message comes after the current turn.
  $('together-start').disabled = running && !current?.started;
  $('together-start').textContent = current ? 'Continue' : 'Start';
  $('together-prompt').placeholder = !current
    ? 'Opening message — Enter starts, Shift+Enter makes a new line'
    : running
      ? 'Your message — the models hear it after the current turn'
      : 'Your next message to the models — Enter continues the exchange';
  $('participants').closest('fieldset').disabled = !!current;
  $('together-mode').disabled = !!current;
}

async function send() {
  const message = $('together-prompt').value.trim();
  if (!message || (current && !current.started)) return;
  banner('');
  const rounds = Number($('together-rounds').value) || 1;
  let waiting = null;
  try {
    let opened;
    if (current) {
      opened = await api.exchange(`/api/chat/multi-model/${encodeURIComponent(current.id)}/messages`, { message, rounds });
      if (current.running) waiting = said(message, 'waiting');
    } else {
      const body = { participants: participants(), message, mode: $('together-mode').value, rounds };
      opened = await api.exchange('/api/chat/multi-model', body);
      current = fresh(opened.id);
      $('together-messages').replaceChildren();
      localStorage.setItem(SAVED, JSON.stringify({ id: opened.id, participants: body.participants, mode: body.mode }));
    }
    $('together-prompt').value = '';
    await follow(opened.events, () => waiting?.remove());
  } catch (e) {
    waiting?.remove();
    banner(e.message);
    if (current && !current.started) current = null;
    setRunning(false);
  }
}

function fresh(id) {
  return { id, running: true, started: false, turns: new Map(), columns: null, participants: [], mode: 'conversation' };
}

/** After a reload: the exchange replayed from its start, then live until its end. */
async function reattach(id) {
  const replay = await api.reattach(id);
  if (!replay) return;
  current = fresh(id);
  $('together-messages').replaceChildren();
  await follow(replay.events);
}

/**
 * Draws one request's events (or, re-attached, the whole exchange's). Requests sent while the
 * exchange answers are followed at once, each stream from its own exchange_start: the view shows
 * running until the last one ends. {@code started} runs at the stream's first event.
 */
async function follow(events, started = () => {}) {
  const exchange = current;
  // What this stream's current request asked and whether a model answered it: several streams may
  // be followed at once, each its own request, and their events interleave.
  const request = { asked: null, answered: false };
  exchange.following = (exchange.following ?? 0) + 1;
  exchange.running = true;
  setRunning(true);
  try {
    for await (const { event, data } of events) {
      if (exchange !== current) return;
      if (event === 'exchange_start') started();
      draw(exchange, event, data, request);
    }
  } catch (e) {
    banner(`The stream broke off: ${e.message}. Reload to re-attach.`);
  }
  if (--exchange.following > 0) return;
  exchange.running = false;
  setRunning(false);
}

function draw(exchange, event, data, request) {
  switch (event) {
    case 'exchange_start': {
      exchange.started = true;
      exchange.participants = data.participants;
      exchange.mode = data.mode;
      exchange.columns = null;
      request.asked = said(data.message);
      request.answered = false;
      const link = $('together-export');
      link.href = api.exportUrl(data.conversation_id, 'markdown');
      link.hidden = false;
      break;
    }
    case 'turn_start': {
      const index = exchange.participants.findIndex(p => p.name === data.name);
      request.answered = true;
      const turn = { name: data.name, model: data.model, text: '', element: speech(exchange, data.name, data.model, index) };
      turn.element.dataset.turn = data.turn;
      exchange.turns.set(data.turn, turn);
      place(exchange, turn, index);
      break;
    }
    case 'content_block_delta': {
      const turn = exchange.turns.get(data.turn);
      if (turn && data.delta?.type === 'text_delta') {
        turn.text += data.delta.text;
        turn.element.querySelector('.plain').textContent = turn.text;
      }
      break;
    }
    case 'turn_end': {
      const turn = exchange.turns.get(data.turn);
      if (!turn) break;
      turn.element.classList.remove('streaming');
      if (data.stop_reason === 'cancelled') note(turn.element, 'Stopped', 'stopped');
      else if (data.stop_reason === 'error') note(turn.element, 'Failed', 'error');
      else if (data.stop_reason === 'interrupted') note(turn.element, 'Interrupted: the server running it went away', 'interrupted');
      break;
    }
    case 'error': {
      const turn = exchange.turns.get(data.turn);
      if (turn) note(turn.element, data.error?.message ?? 'failed', 'error');
      break;
    }
    case 'exchange_end':
      if (data.error) banner(`${data.error.message}`);
      // A message that waited while the user pressed Stop: no model answered it.
      if (data.stop_reason === 'cancelled' && !request.answered && request.asked) note(request.asked, 'Stopped before the models answered', 'stopped');
      break;
    default:
      break;
  }
}

/** A turn goes below the last one, or side by side in its participant's column of the current row. */
function place(exchange, turn, index) {
  const list = $('together-messages');
  if (exchange.mode !== 'side-by-side') {
    list.append(turn.element);
  } else {
    if (!exchange.columns || exchange.columns.children[index]?.childElementCount) {
      exchange.columns = document.createElement('li');
      exchange.columns.className = 'side-by-side';
      exchange.columns.style.setProperty('--columns', String(exchange.participants.length));
      for (let i = 0; i < exchange.participants.length; i++) exchange.columns.append(document.createElement('div'));
      list.append(exchange.columns);
    }
    exchange.columns.children[index].append(turn.element);
  }
  turn.element.scrollIntoView({ block: 'end' });
}

/** The user's message that opens a request; one sent while the models talk waits below the last turn until its turn comes. */
function said(text, state = '') {
  const element = document.createElement('li');
  element.className = `message user ${state}`.trim();
  const who = document.createElement('div');
  who.className = 'who';
  who.textContent = 'You';
  const body = document.createElement('p');
  body.className = 'plain';
  body.textContent = text;
  element.append(who, body);
  if (state === 'waiting') note(element, 'After the current turn', 'waiting-note');
  $('together-messages').append(element);
  element.scrollIntoView({ block: 'end' });
  return element;
}

function speech(exchange, name, model, index) {
  const element = document.createElement(exchange.mode === 'side-by-side' ? 'div' : 'li');
  element.className = `message assistant speaker speaker-${Math.max(0, index) % NAMES.length} streaming`;
  element.setAttribute('aria-label', `${name} (${model})`);
  const who = document.createElement('div');
  who.className = 'who';
  who.textContent = `${name} · ${model}`;
  const text = document.createElement('p');
  text.className = 'plain';
  element.append(who, text);
  return element;
}

function note(element, text, className) {
  const mark = document.createElement('div');
  mark.className = `meta ${className}`;
  mark.textContent = text;
  element.append(mark);
}

async function stop() {
  if (!current) return;
  $('together-stop').disabled = true;
  try {
    await api.cancel(current.id);
  } catch (e) {
    banner(`Could not stop: ${e.message}`);
  } finally {
    $('together-stop').disabled = false;
  }
}
