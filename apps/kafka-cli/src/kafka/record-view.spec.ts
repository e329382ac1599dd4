import type { KafkaMessage } from 'kafkajs';
import { recordView, renderValue } from './record-view';

function message(value: Buffer | null, headers: KafkaMessage['headers'] = {}): KafkaMessage {
  return { key: Buffer.from('k'), value, headers, offset: '7', timestamp: '1714564800000', attributes: 0 };
}

describe('recordView', () => {
  it('parses JSON values and decodes headers as the services see them', () => {
    const view = recordView('t', 1, message(Buffer.from('{"a":[1]}'), { h: Buffer.from('v'), repeated: [Buffer.from('1'), Buffer.from('2')] }));
    expect(view).toEqual({
      topic: 't',
      partition: 1,
      offset: 7,
      timestamp: '2024-05-01T12:00:00.000Z',
      key: 'k',
      headers: { h: 'v', repeated: '2' },
      value: { a: [1] },
      valueFormat: 'json',
    });
    expect(renderValue(view)).toBe('{"a":[1]}');
    expect(renderValue(view, true)).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('keeps text as text, shows bytes that are not UTF-8 as base64, and tells a null value apart', () => {
    expect(recordView('t', 0, message(Buffer.from('hello'))).valueFormat).toBe('text');
    const bytes = recordView('t', 0, message(Buffer.from([0xff, 0x00])));
    expect(bytes).toMatchObject({ value: '/wA=', valueFormat: 'base64' });
    expect(renderValue(bytes)).toBe('base64:/wA=');
    expect(renderValue(recordView('t', 0, message(null)))).toBe('(null)');
  });
});
