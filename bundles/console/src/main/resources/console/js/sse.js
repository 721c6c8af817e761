// Server-Sent Events read with fetch rather than EventSource: EventSource hands a message named by its `event:`
// line only to listeners of that name (the event stream names each message by its type, and types grow with every
// layer), and it never says why a stream was refused (a user scoped to tenants gets 403 and must poll instead).
// This reader sends Last-Event-ID when it reconnects, as EventSource would, so the API replays what was missed.

/**
 * Follows path until stopped: onMessage({event, data, id}) for each message, onState('live'|'retrying'|'refused',
 * detail) as the connection goes. Returns a function that stops it.
 */
export function follow(path, onMessage, onState) {
  let stopped = false;
  let controller = null;
  let lastId = null;
  let delay = 1000;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = {Accept: 'text/event-stream'};
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        const response = await fetch(location.origin + path, {headers, credentials: 'same-origin', signal: controller.signal});
        // A refusal is final (no role for it, no such stream on this version); only the server's own trouble and a
        // throttle are worth another try.
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          const problem = await response.json().catch(() => ({}));
          onState('refused', problem.detail || `HTTP ${response.status}`, response.status);
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        onState('live');
        delay = 1000;
        await read(response.body, (message) => {
          if (message.id !== undefined) lastId = message.id;
          onMessage(message);
        });
      } catch (e) {
        if (stopped) return;
        onState('retrying', e.message);
      }
      if (stopped) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }

  connect();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}

async function read(body, deliver) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const message = parse(block);
      if (message) deliver(message);
    }
  }
}

/** One message of the text/event-stream format; null for a block of comments only. */
export function parse(block) {
  let event = 'message';
  let id;
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (data.length === 0) return null;
  return {event, id, data: data.join('\n')};
}
