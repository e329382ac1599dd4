import { DatabaseError, isTransientDatabaseError } from './database.errors';

describe('isTransientDatabaseError', () => {
  const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

  it.each(['40001', '40P01', '55P03', '08006', '53300', '57P01'])('retries SQLSTATE %s', (code) => {
    expect(isTransientDatabaseError(sqlError(code))).toBe(true);
  });

  it.each(['23505', '42P01', '22P02', '25P02'])('does not retry SQLSTATE %s', (code) => {
    expect(isTransientDatabaseError(sqlError(code))).toBe(false);
  });

  it('retries network failures and dropped connections', () => {
    expect(isTransientDatabaseError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('follows the flag of its own errors and refuses non-errors', () => {
    expect(isTransientDatabaseError(new DatabaseError('DATABASE.CLOSED', 'closed'))).toBe(false);
    expect(isTransientDatabaseError(new DatabaseError('DATABASE.TRANSACTION_ABORTED', 'x', true))).toBe(true);
    expect(isTransientDatabaseError('40001')).toBe(false);
    expect(isTransientDatabaseError(undefined)).toBe(false);
  });
});
