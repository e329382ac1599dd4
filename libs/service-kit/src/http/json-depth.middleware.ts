import { RequestValidationException } from './request-validation';

/** Far deeper than any request DTO of ours (an order is 3 levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * For a parsed body nested deeper than `maxDepth`, a 400 naming where; else undefined. The JSON parser checks
 * every body with it: without it, Nest's ValidationPipe walks the body recursively (stripProtoKeys) and a
 * 10,000-level body, 20 KB and well under the size limit, overflows the stack: a 500 for a client's mistake.
 */
export function jsonDepthError(body: unknown, maxDepth = MAX_JSON_DEPTH): RequestValidationException | undefined {
  const path = tooDeepAt(body, maxDepth);
  if (path === undefined) return undefined;
  return new RequestValidationException([{ path: path === '' ? 'body' : path, messages: [`body must not be nested deeper than ${maxDepth} levels`] }]);
}

/** The path of the first value at `maxDepth`, or undefined. Iterative, so the check cannot overflow either. */
function tooDeepAt(root: unknown, maxDepth: number): string | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return path;
    for (const [key, child] of Object.entries(value)) pending.push({ value: child, path: path === '' ? key : `${path}.${key}`, depth: depth + 1 });
  }
  return undefined;
}
