import { runInNewContext } from 'node:vm';
import { RealmBridge } from './realm-bridge';

describe('RealmBridge', () => {
  // What PGlite hands back when it lives in another realm than its caller.
  const foreign = runInNewContext(`({
    fn: function () {},
    rows: [{ at: new Date(0), list: [1, [2]], doc: { nested: { a: 1 } }, text: 'x', none: null }],
    error: Object.assign(new Error('relation "x" does not exist'), { code: '42P01', severity: 'ERROR' }),
  })`) as { fn: unknown; rows: Record<string, unknown>[]; error: unknown };

  it('rebuilds foreign rows, arrays, objects and Dates in this realm', () => {
    const bridge = new RealmBridge(foreign.fn);
    expect(bridge.foreign).toBe(true);
    expect(foreign.rows).not.toBeInstanceOf(Array);
    const [row] = bridge.rows(foreign.rows);
    expect(row).toBeInstanceOf(Object);
    expect(row.at).toBeInstanceOf(Date);
    expect(row.list).toBeInstanceOf(Array);
    expect((row.list as unknown[])[1]).toBeInstanceOf(Array);
    expect(row.doc).toBeInstanceOf(Object);
    expect(row).toEqual({ at: new Date(0), list: [1, [2]], doc: { nested: { a: 1 } }, text: 'x', none: null });
  });

  it('turns foreign errors into Errors that keep their fields, and leaves the caller own errors alone', () => {
    const bridge = new RealmBridge(foreign.fn);
    const error = bridge.error(foreign.error);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: 'relation "x" does not exist', code: '42P01', severity: 'ERROR' });
    const own = { code: 'BUSINESS' };
    expect(bridge.error(own)).toBe(own);
  });

  it('passes values through when the realms are the same, converting only Date parameters', () => {
    const bridge = new RealmBridge(() => undefined);
    expect(bridge.foreign).toBe(false);
    const rows = [{ a: 1 }];
    expect(bridge.rows(rows)).toBe(rows);
    expect(bridge.params([new Date(0), [new Date(0)], 'x', Buffer.from('b')])).toEqual(['1970-01-01T00:00:00.000Z', ['1970-01-01T00:00:00.000Z'], 'x', Buffer.from('b')]);
  });
});
