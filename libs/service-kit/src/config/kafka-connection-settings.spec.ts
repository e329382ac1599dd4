import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, EnvReader } from './env-reader';
import { readKafkaConnectionSettings } from './kafka-connection-settings';

function read(env: Record<string, string>) {
  const reader = new EnvReader(env);
  const settings = readKafkaConnectionSettings(reader);
  reader.assertValid('demo-service');
  return settings;
}

function problems(env: Record<string, string>): string {
  try {
    read(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('readKafkaConnectionSettings', () => {
  it('defaults to no compression, no SASL, no TLS', () => {
    expect(read({})).toEqual({ compression: 'none' });
  });

  it('takes each codec by name and refuses others', () => {
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd', 'ZSTD']) expect(read({ KAFKA_COMPRESSION: codec }).compression).toBe(codec.toLowerCase());
    expect(problems({ KAFKA_COMPRESSION: 'brotli' })).toMatch(/KAFKA_COMPRESSION must be one of none, gzip, snappy, lz4, zstd, got "brotli"/);
  });

  it('takes SASL credentials with a known mechanism, and names what is missing', () => {
    expect(read({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'payment-service', KAFKA_SASL_PASSWORD: 's3cret' }).sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'payment-service',
      password: 's3cret',
    });
    expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toMatch(/KAFKA_SASL_MECHANISM must be one of plain/);
    expect(problems({ KAFKA_SASL_MECHANISM: 'plain' })).toMatch(/needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    expect(problems({ KAFKA_SASL_USERNAME: 'u' })).toMatch(/need KAFKA_SASL_MECHANISM/);
  });

  it('turns TLS on with KAFKA_SSL or a CA file, which it reads at start', () => {
    expect(read({ KAFKA_SSL: 'true' }).ssl).toBe(true);
    const ca = join(mkdtempSync(join(tmpdir(), 'kafka-ssl-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    expect(read({ KAFKA_SSL_CA_FILE: ca }).ssl).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE'), rejectUnauthorized: true });
    expect(problems({ KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' })).toMatch(/KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca.pem/);
  });
});
