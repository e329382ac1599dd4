import { sortMigrations } from './migration';

describe('sortMigrations', () => {
  it('orders by id with plain string comparison, without touching the input', () => {
    const input = [
      { id: '0010-c', sql: 'SELECT 3' },
      { id: '0002-b', sql: 'SELECT 2' },
      { id: 'inbox-0001', sql: 'SELECT 4' },
      { id: '0001-a', sql: 'SELECT 1' },
    ];
    expect(sortMigrations(input).map((m) => m.id)).toEqual(['0001-a', '0002-b', '0010-c', 'inbox-0001']);
    expect(input[0].id).toBe('0010-c');
  });

  it.each([
    [
      [
        { id: 'a', sql: 'SELECT 1' },
        { id: 'a', sql: 'SELECT 2' },
      ],
      'appears twice',
    ],
    [[{ id: ' ', sql: 'SELECT 1' }], 'empty id'],
    [[{ id: 'a', sql: '  ' }], 'no SQL'],
  ])('rejects %j', (migrations, message) => {
    expect(() => sortMigrations(migrations)).toThrow(expect.objectContaining({ code: 'DATABASE.INVALID_MIGRATIONS', message: expect.stringContaining(message) }));
  });
});
