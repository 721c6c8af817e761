// The documented REST API, and nothing else: what the console does an integrator can do with the same calls.

export const BASE = '/api/v1';

/**
 * An absolute URL on this origin. A relative one is resolved against the page's address, and fetch refuses an
 * address with credentials in it (https://user:pw@host/console/, as scripts and tests open the console); the origin
 * never holds them, and the browser still sends the credentials it was given for it.
 */
export const url = (path) => location.origin + path;

/** A refusal or failure of the API, carrying its problem (RFC 9457) so the page can show the API's own words. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code;
  }
}

export async function request(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url(BASE + path), {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, {detail: 'Strata cannot be reached: ' + e.message, code: 'UNREACHABLE'});
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : {detail: String(data)});
  return data;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);

/** Reads every page of a paged list (500 at a time, the API's most), handing each page over as it arrives. */
export async function allPages(path, onPage) {
  const sep = path.includes('?') ? '&' : '?';
  let offset = 0;
  for (;;) {
    const page = await get(`${path}${sep}offset=${offset}&limit=500`);
    onPage(page.items, page.total);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return;
  }
}

/** Encodes one path segment. */
export const seg = (value) => encodeURIComponent(value);
