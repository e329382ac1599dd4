export { startBroker } from './broker';
export type { RunningBroker } from './broker';
export type { BrokerOptions } from './options';
export type { FaultRule, FaultAction } from './faults';
export { FaultInjector } from './faults';
export type { BrokerLogger } from './logger';
export { jsonLogger, silentLogger } from './logger';
export { ErrorCode } from './protocol/error-codes';
export { ApiKey } from './protocol/api-keys';
