import { ConsoleConfigError, loadConsoleConfig } from './console.config';

describe('loadConsoleConfig', () => {
  it('binds 127.0.0.1:8080 for localhost:9092 by default, with writes off until ADMIN_TOKEN is set', () => {
    expect(loadConsoleConfig({}, [])).toEqual({
      host: '127.0.0.1',
      port: 8080,
      brokers: ['localhost:9092'],
      adminToken: undefined,
      readOnly: false,
      orderServiceUrl: 'http://127.0.0.1:3002',
    });
  });

  it('takes CONSOLE_* over the PORT and HOST npm start gives every child, and follows ORDER_SERVICE_PORT', () => {
    const config = loadConsoleConfig({ PORT: '9000', HOST: '0.0.0.0', CONSOLE_PORT: '8090', ORDER_SERVICE_PORT: '4002', KAFKA_BROKERS: 'a:1, b:2', ADMIN_TOKEN: 'long-enough-token' }, []);
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8090, brokers: ['a:1', 'b:2'], adminToken: 'long-enough-token', orderServiceUrl: 'http://127.0.0.1:4002' });
  });

  it('turns read-only on with --read-only or CONSOLE_READ_ONLY=true, and answers --help', () => {
    expect(loadConsoleConfig({}, ['--read-only'])).toMatchObject({ readOnly: true });
    expect(loadConsoleConfig({ CONSOLE_READ_ONLY: 'true' }, [])).toMatchObject({ readOnly: true });
    expect(loadConsoleConfig({}, ['--help'])).toBe('help');
  });

  it('reports every bad setting at once', () => {
    const load = () => loadConsoleConfig({ CONSOLE_PORT: 'http', KAFKA_BROKERS: 'nohost', ADMIN_TOKEN: 'short', ORDER_SERVICE_URL: 'ftp://x' }, ['--verbose']);
    expect(load).toThrow(ConsoleConfigError);
    expect(load).toThrow(/unknown argument "--verbose"[\s\S]*CONSOLE_PORT[\s\S]*KAFKA_BROKERS[\s\S]*ORDER_SERVICE_URL[\s\S]*ADMIN_TOKEN/);
  });
});
