export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Session {
  readOnly: boolean;
  writesOffBecause: string | null;
  loggedIn: boolean;
  csrf: string | null;
  brokers: string[];
}

let csrf: string | null = null;

export function setCsrf(token: string | null): void {
  csrf = token;
}

/** Calls the console's JSON API; errors carry the server's message (never a stack trace). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: reported below by status
  }
  if (!response.ok) {
    const message = typeof parsed === 'object' && parsed !== null && 'message' in parsed ? String(parsed.message) : `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return parsed as T;
}

/** Subscribes to a live view; returns the function that closes it. */
export function live<T>(path: string, onData: (data: T) => void, onProblem: (message: string) => void): () => void {
  const source = new EventSource(path);
  source.addEventListener('data', (event) => onData(JSON.parse((event as MessageEvent<string>).data) as T));
  source.addEventListener('problem', (event) => onProblem((JSON.parse((event as MessageEvent<string>).data) as { message: string }).message));
  return () => source.close();
}
