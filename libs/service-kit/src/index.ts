export { ServiceKitModule } from './nest/service-kit.module';
export { SERVICE_KIT_OPTIONS } from './nest/service-kit.options';
export type { ServiceKitOptions, ResolvedServiceKitOptions } from './nest/service-kit.options';
export { ServiceKitError } from './service-kit.errors';
export type { ServiceKitErrorCode } from './service-kit.errors';

export { createServiceApp } from './bootstrap/create-service-app';
export type { ServiceAppOptions } from './bootstrap/create-service-app';
export { bootstrapService } from './bootstrap/bootstrap-service';
export type { BootstrapOptions } from './bootstrap/bootstrap-service';

export { createServiceLogger, isLogLevel } from './logging/service-logger';
export type { LogLevel, ServiceLogger, ServiceLoggerOptions } from './logging/service-logger';
export { NestPinoLogger } from './logging/nest-pino-logger';

export { CORRELATION_ID_HEADER, acceptCorrelationId, correlationIdOf } from './correlation/correlation-id.middleware';
export { CorrelationId } from './correlation/correlation-id.decorator';

export { ServiceExceptionFilter } from './http/service-exception.filter';
export type { ErrorBody } from './http/service-exception.filter';
export { RequestValidationException, createValidationPipe, fieldErrors } from './http/request-validation';
export type { FieldError } from './http/request-validation';

export { ServiceMetrics } from './metrics/service-metrics';
export type { ServiceMetricsOptions } from './metrics/service-metrics';
export { registerOutboxMetrics } from './metrics/outbox-metrics';

export { ConfigError, EnvReader } from './config/env-reader';
export { readRetrySettings, readServiceSettings } from './config/service-settings';
export type { RetrySettings, ServiceSettings } from './config/service-settings';

export { OUTBOX_RELAY_OPTIONS, ServiceOutboxRelay } from './outbox/service-outbox-relay';
