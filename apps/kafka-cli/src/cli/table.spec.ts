import { formatFields, formatTable, truncate } from './table';

describe('formatTable', () => {
  it('pads each column to its widest cell, right-aligns numbers and leaves no trailing spaces', () => {
    const text = formatTable(
      [{ header: 'topic' }, { header: 'partitions', align: 'right' }, { header: 'note' }],
      [
        ['orders', '12', ''],
        ['payment-processed', '3', 'x'],
      ],
    );
    expect(text.split('\n')).toEqual(['TOPIC              PARTITIONS  NOTE', 'orders                     12', 'payment-processed           3  x']);
  });

  it('keeps every row on one line', () => {
    expect(formatTable([{ header: 'value' }], [['a\nb\tc']])).toBe('VALUE\na\\nb\\tc');
  });
});

describe('formatFields', () => {
  it('aligns values after the longest label', () => {
    expect(
      formatFields([
        ['key', 'k'],
        ['timestamp', 't'],
      ]),
    ).toBe('key        k\ntimestamp  t');
  });
});

describe('truncate', () => {
  it('cuts long text and marks the cut', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
