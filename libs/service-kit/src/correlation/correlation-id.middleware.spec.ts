import { acceptCorrelationId } from './correlation-id.middleware';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('acceptCorrelationId', () => {
  it.each(['req-1', 'b3c9a7e2-1f4d-4c1e-9d3a-0f6a1b2c3d4e', 'trace:abc.def_1', 'a'.repeat(128)])('keeps %s', (id) => {
    expect(acceptCorrelationId(id)).toBe(id);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'two words'],
    ['with a newline (log injection)', 'abc\ninjected'],
    ['starting with a dash', '-abc'],
  ])('replaces one %s with a new UUID', (_what, id) => {
    expect(acceptCorrelationId(id)).toMatch(UUID);
  });

  it('takes the first of repeated headers', () => {
    expect(acceptCorrelationId(['first', 'second'])).toBe('first');
  });
});
