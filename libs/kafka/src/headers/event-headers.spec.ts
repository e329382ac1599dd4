import { correlationContext } from '../correlation/correlation-context';
import { KafkaError } from '../kafka.errors';
import { buildEventHeaders } from './event-headers';

describe('buildEventHeaders', () => {
  const event = { eventId: 'e-1', eventType: 'OrderCreated', eventVersion: 2 };

  it('writes the standard headers as strings', () => {
    expect(buildEventHeaders({ ...event, correlationId: 'c-1' })).toEqual({
      'event-id': 'e-1',
      'event-type': 'OrderCreated',
      'event-version': '2',
      'correlation-id': 'c-1',
      'content-type': 'application/json',
    });
  });

  it('takes the correlation id of the current context when none is given', () => {
    const headers = correlationContext.run('from-context', () => buildEventHeaders(event));
    expect(headers['correlation-id']).toBe('from-context');
  });

  it('starts a new chain at the event itself outside any context', () => {
    expect(buildEventHeaders(event)['correlation-id']).toBe('e-1');
  });

  it('keeps extra headers but never lets them replace the standard ones', () => {
    const headers = buildEventHeaders({ ...event, extra: { tenant: 'acme', 'event-id': 'forged' } });
    expect(headers.tenant).toBe('acme');
    expect(headers['event-id']).toBe('e-1');
  });

  it('refuses a missing id or type and a version that is not a positive integer', () => {
    expect(() => buildEventHeaders({ ...event, eventId: '' })).toThrow(KafkaError);
    expect(() => buildEventHeaders({ ...event, eventType: ' ' })).toThrow(/eventType/);
    expect(() => buildEventHeaders({ ...event, eventVersion: 0 })).toThrow(/eventVersion/);
    expect(() => buildEventHeaders({ ...event, eventVersion: 1.5 })).toThrow(/eventVersion/);
  });
});
