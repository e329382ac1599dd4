import { bootstrapService, createServiceLogger } from '@app/service-kit';
import { loadPaymentServiceConfig, PAYMENT_SERVICE_NAME, PaymentServiceConfig } from './config/payment-service.config';
import { createPaymentServiceApp } from './payment-service.app';

function loadConfig(): PaymentServiceConfig {
  try {
    return loadPaymentServiceConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const config = loadConfig();
const logger = createServiceLogger({ service: PAYMENT_SERVICE_NAME, level: config.logLevel });
void bootstrapService(() => createPaymentServiceApp(config, { logger }), { host: config.host, port: config.port, workers: config.workers, logger });
