import { parseEventJson } from './safe-json';
import { InvalidEventError } from './invalid-event.error';

function rejection(run: () => unknown): InvalidEventError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('parseEventJson', () => {
  it('parses UTF-8 bytes and strings alike', () => {
    const json = '{"message":"café ☕"}';
    expect(parseEventJson(Buffer.from(json), 100)).toEqual({ message: 'café ☕' });
    expect(parseEventJson(json, 100)).toEqual({ message: 'café ☕' });
  });

  it('rejects payloads over the byte limit before parsing, counting UTF-8 bytes of strings', () => {
    const text = JSON.stringify({ message: '☕'.repeat(10) }); // 14 characters of JSON plus 30 bytes of coffee
    expect(parseEventJson(text, 44)).toEqual({ message: '☕'.repeat(10) });
    const error = rejection(() => parseEventJson(text, 43));
    expect(error.code).toBe('EVENT.INVALID_JSON');
    expect(error.message).toBe('payload is 44 bytes, over the 43-byte limit');
    expect(rejection(() => parseEventJson(Buffer.alloc(2 * 1024 * 1024, 0x20), 1024 * 1024)).code).toBe('EVENT.INVALID_JSON');
  });

  it('rejects bytes that are not UTF-8', () => {
    const error = rejection(() => parseEventJson(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 100));
    expect(error.message).toBe('payload is not valid UTF-8');
  });

  const admin = '{"isAdmin":true}';
  const DATA = 'EVENT.INVALID_DATA';
  it.each([
    ['__proto__ at the top', `{"__proto__":${admin}}`, 'EVENT.INVALID_ENVELOPE', '__proto__'],
    ['constructor in data', `{"data":{"constructor":{"prototype":${admin}}}}`, DATA, 'data.constructor'],
    ['__proto__ in an item', `{"data":{"items":[{"__proto__":${admin}}]}}`, DATA, 'data.items[0].__proto__'],
  ])('rejects %s without polluting any prototype', (_case, json, code, field) => {
    const error = rejection(() => parseEventJson(json, 1000));
    expect(error.code).toBe(code);
    expect(error.fields).toEqual([field]);
    expect(error.message).toBe(`${field} is a forbidden key`);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('rejects deep nesting without exhausting the stack', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const error = rejection(() => parseEventJson(deep, 1024 * 1024));
    expect(error.code).toBe('EVENT.INVALID_JSON');
    expect(error.message).toMatch(/^payload is nested deeper than 16 levels at \[0\]/);
  });
});
