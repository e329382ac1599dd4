import { matches, showBytes, toRecordView } from './record-view';

describe('showBytes', () => {
  it('pretty-prints JSON, keeps text as text, shows bytes that are not UTF-8 as hex, and null as null', () => {
    expect(showBytes(Buffer.from('{"a":{"b":1}}'))).toEqual({ format: 'json', text: '{\n  "a": {\n    "b": 1\n  }\n}' });
    expect(showBytes(Buffer.from('{not json'))).toEqual({ format: 'text', text: '{not json' });
    expect(showBytes(Buffer.from('héllo'))).toEqual({ format: 'text', text: 'héllo' });
    expect(showBytes(Buffer.from([0xc3, 0x28, 0x00]))).toEqual({ format: 'hex', text: 'c3 28 00' });
    expect(showBytes(null)).toEqual({ format: 'null', text: '' });
  });
});

describe('matches', () => {
  const view = toRecordView({
    partition: 0,
    offset: '5',
    timestamp: '0',
    key: Buffer.from('order-42'),
    value: Buffer.from(JSON.stringify({ data: { orderId: 'order-42', total: 10 } })),
    headers: { 'event-type': Buffer.from('OrderCreated'), 'correlation-id': [Buffer.from('old'), Buffer.from('corr-1')] },
  });

  it('keeps a record only when every given filter matches: key contains, header name or name=value, JSON field=value', () => {
    expect(matches(view, {})).toBe(true);
    expect(matches(view, { key: 'der-4' })).toBe(true);
    expect(matches(view, { key: 'order-43' })).toBe(false);
    expect(matches(view, { header: 'event-type' })).toBe(true);
    expect(matches(view, { header: 'correlation-id=corr-1' })).toBe(true);
    expect(matches(view, { header: 'correlation-id=old' })).toBe(false);
    expect(matches(view, { json: 'data.total=10' })).toBe(true);
    expect(matches(view, { json: 'data.orderId=order-42', key: 'nope' })).toBe(false);
    expect(matches(view, { json: 'data.missing' })).toBe(false);
  });
});
