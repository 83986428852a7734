// The gateway's public HTTP API, as the web chat uses it: nothing here that a script could not do.

import { askToSignIn } from './signin.js';

/** A failure with a message a person can act on; `status` 0 means the gateway did not answer. */
export class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

const UNREACHABLE = 'The gateway does not answer. Is Switchboard running? (scripts/suite.sh up)';

async function call(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'unreachable', UNREACHABLE);
  }
  if (!response.ok) {
    const error = await failure(response);
    // Keys are on and this browser has not signed in (or its key was revoked).
    if (response.status === 401) askToSignIn(error.message);
    throw error;
  }
  return response;
}

/** The error of a response in Anthropic's shape (every gateway endpoint answers it), or its status. */
async function failure(response) {
  let type = 'http_' + response.status;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body?.error?.message) {
      type = body.error.type || type;
      message = body.error.message;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, type, message);
}

export async function getJson(path) {
  return (await call(path, { headers: { accept: 'application/json' } })).json();
}

async function sendJson(method, path, body) {
  const response = await call(path, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status === 204 ? null : response.json();
}

export const servers = () => getJson('/api/models/servers').then(body => body.servers);

export function sessions({ q = '', archived = false, size = 50 } = {}) {
  const params = new URLSearchParams({ page: '0', size: String(size), archived: String(archived) });
  if (q) params.set('q', q);
  return getJson('/api/sessions?' + params);
}

export const session = id => getJson('/api/sessions/' + encodeURIComponent(id));
export const updateSession = (id, change) => sendJson('PATCH', '/api/sessions/' + encodeURIComponent(id), change);
export const deleteSession = id => sendJson('DELETE', '/api/sessions/' + encodeURIComponent(id));
export const exportUrl = (id, format) => `/api/sessions/${encodeURIComponent(id)}/export?format=${format}`;
export const cancel = messageId => sendJson('POST', '/api/chat/cancel/' + encodeURIComponent(messageId));
export const generations = conversationId => getJson('/api/chat?conversation_id=' + encodeURIComponent(conversationId));
export const usageOf = jobId => getJson('/api/metrics/usage/' + encodeURIComponent(jobId));

export function metrics(path, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value));
  return getJson(`/api/metrics/${path}?${query}`);
}

/**
 * Starts a streaming Messages request for a conversation; resolves once the gateway accepted it
 * (its headers came), with the message id that cancels or re-attaches it and the events to read.
 */
export async function stream(conversationId, body, signal) {
  const response = await call('/v1/messages', {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'anthropic-version': '2023-06-01',
      'switchboard-conversation-id': conversationId,
      'switchboard-client': 'web',
      'switchboard-resumable': 'true',
    },
    body: JSON.stringify({ ...body, stream: true }),
  });
  return { messageId: response.headers.get('switchboard-message-id'), events: events(response) };
}

/**
 * Starts a multi-model exchange (`path` /api/chat/multi-model) or continues one
 * (/api/chat/multi-model/{id}/messages); resolves once the gateway accepted it, with the exchange's
 * id and its events to read.
 */
export async function exchange(path, body, signal) {
  const response = await call(path, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  return { id: response.headers.get('switchboard-message-id'), events: events(response) };
}

/** Re-attaches to a generation still running or retained, replayed from its start; null when it is gone. */
export async function reattach(messageId, signal) {
  let response;
  try {
    response = await fetch(`/api/chat/${encodeURIComponent(messageId)}/stream`,
      { headers: { accept: 'text/event-stream' }, signal });
  } catch {
    return null;
  }
  if (!response.ok) return null;
  return { messageId, events: events(response) };
}

/** The Server-Sent Events of a response, parsed: {event, data (JSON), id}. */
async function* events(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = parse(raw);
      if (event) yield event;
    }
  }
}

function parse(raw) {
  let event = 'message';
  let id = null;
  const data = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    else if (line.startsWith('id:')) id = line.slice(3).trim();
  }
  if (!data.length) return null;
  try {
    return { event, id, data: JSON.parse(data.join('\n')) };
  } catch {
    return null;
  }
}
