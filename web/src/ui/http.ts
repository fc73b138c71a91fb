// The one way the app talks to the Baton API: JSON, the session cookie, and the CSRF header on writes.
import type { ErrorBody, FieldError } from '../../../src/schemas/common.ts';

export type { FieldError };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** What the server added about the case (a 409's missing fields, say). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

export type Page<T> = { items: T[]; next: string | null };

/**
 * A list's query as a page sends it, from the schema's own query: the cursor a page answered (null on the first one),
 * and '' for a filter left on "any" (withQuery leaves both out of the request).
 */
export type ListQuery<Q extends { cursor?: string | undefined }> = { [K in keyof Q]?: K extends 'cursor' ? string | null : Q[K] | '' };

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the token that every non-GET request must echo in `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 (the session expired or was logged out elsewhere). */
export function handleUnauthorized(callback: (() => void) | null): void {
  onUnauthorized = callback;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, options: { quiet401?: boolean; text?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: options.text ? 'text/plain, application/yaml, text/yaml, application/json' : 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Baton cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (response.ok && options.text) return text as T;
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    // Any part may be missing: a proxy in front of Baton answers errors of its own.
    const error = (data as { error?: Partial<ErrorBody['error']> } | undefined)?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? `http.${response.status}`,
      error?.message ?? `The server answered ${response.status} ${response.statusText}`.trim(),
      Array.isArray(error?.fields) ? error.fields : [],
      error?.details ?? {},
    );
    if (response.status === 401 && !options.quiet401) onUnauthorized?.();
    throw apiError;
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, query?: Query, options?: { quiet401?: boolean }) => request<T>('GET', withQuery(path, query), undefined, options),
  post: <T>(path: string, body?: unknown, options?: { quiet401?: boolean }) => request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  /** A list page; the newer endpoints name the cursor `nextCursor`, the older ones `next`. */
  page: async <T>(path: string, query?: Query): Promise<Page<T>> => {
    const result = await request<{ items: T[]; next?: string | null; nextCursor?: string | null }>('GET', withQuery(path, query));
    return { items: result.items, next: result.nextCursor ?? result.next ?? null };
  },
  /** A non-JSON answer (a YAML export, say), as text. */
  text: (path: string, query?: Query) => request<string>('GET', withQuery(path, query), undefined, { text: true }),
};

/** Follows `next` until the list ends or `maxPages` pages were read. */
export async function getAllPages<T>(path: string, query: Query, maxPages = 10): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result: Page<T> = await http.page<T>(path, { ...query, cursor });
    items.push(...result.items);
    cursor = result.next;
    if (!cursor) return { items, truncated: false };
  }
  return { items, truncated: true };
}
