/**
 * Inside a module sandbox (Jest), PGlite runs in Node's main realm (see load-pglite.ts) while its caller runs in
 * the sandbox's: PGlite's rows, arrays, Dates and errors then fail the caller's `instanceof Object/Array/Date/
 * Error`, and PGlite rejects the caller's Dates as parameters. These functions rebuild what crosses the boundary
 * in this module's realm so the two engines behave alike under test too. Outside a sandbox nothing is foreign
 * and values pass through untouched.
 */
export class RealmBridge {
  /** `sample` is any function created by PGlite's realm, e.g. its PGlite class. */
  constructor(sample: unknown) {
    this.foreign = !(sample instanceof Function);
  }

  readonly foreign: boolean;

  /** Dates become ISO text, which both realms' PGlite accept for date and time parameters. */
  params(params: readonly unknown[] | undefined): unknown[] | undefined {
    return params?.map(toParam);
  }

  rows<T>(rows: T[]): T[] {
    return this.foreign ? Array.from(rows, (row) => adopt(row) as T) : rows;
  }

  error(error: unknown): unknown {
    // Only PGlite's own errors are foreign; whatever the caller threw through a transaction is returned as is.
    if (!this.foreign || !isObject(error) || error instanceof Object) return error;
    const source: { message?: unknown; stack?: unknown; name?: unknown } = error;
    // Own enumerable fields (code, detail, constraint, ...) carry over, so callers still read the SQLSTATE.
    const copy = Object.assign(new Error(String(source.message)), adopt(source) as object);
    if (typeof source.name === 'string') copy.name = source.name;
    if (typeof source.stack === 'string') copy.stack = source.stack;
    return copy;
  }
}

function toParam(value: unknown): unknown {
  if (isDate(value)) return value.toISOString();
  return Array.isArray(value) ? value.map(toParam) : value;
}

function adopt(value: unknown): unknown {
  if (!isObject(value) || Buffer.isBuffer(value)) return value;
  if (isDate(value)) return new Date(value.getTime());
  if (Array.isArray(value)) return Array.from(value, adopt);
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = adopt(field);
  return copy;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
