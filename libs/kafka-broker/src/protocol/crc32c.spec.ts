import { crc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the published check value for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('matches the RFC 3720 vector of 32 zero bytes', () => {
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
  });

  it('gives the same answer over a sub-range as over a copy of it, at every alignment', () => {
    const data = Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff));
    for (let start = 0; start < 9; start++) {
      expect(crc32c(data, start, 90)).toBe(crc32c(Buffer.from(data.subarray(start, 90))));
    }
  });
});
