// The console's HTTP client for the public API (/api/v1): the bearer token, JSON bodies, problem details as errors
// (ApiError), and a 401 sending the person back to sign-in.
import type { Problem } from './types';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

type Listener = () => void;

/** Where the token comes from and who is told of a 401 (the session). */
export const auth = {
  token: null as string | null,
  onUnauthorized: null as Listener | null,
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | readonly string[] | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** sign-in itself: a 401 is a wrong password, not an ended session */
  anonymous?: boolean;
}

export function queryString(query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (auth.token && !options.anonymous) headers.authorization = `Bearer ${auth.token}`;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${queryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ type: '/problems/network', title: 'Network error', status: 0, detail: String(error) });
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const problem: Problem =
      body && typeof body === 'object' && 'type' in body
        ? (body as Problem)
        : { type: '/problems/http', title: response.statusText, status: response.status, detail: text.slice(0, 200) };
    if (response.status === 401 && !options.anonymous) auth.onUnauthorized?.();
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  return { status: response.status, body: body as T };
}

export async function get<T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { query, signal })).body;
}

export async function post<T>(path: string, body: unknown, headers?: Record<string, string>) {
  return request<T>(path, { method: 'POST', body, headers });
}

/** A key for one submission of a form: sent with every retry of it, so the API files it once. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
