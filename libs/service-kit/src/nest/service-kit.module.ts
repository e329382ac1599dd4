import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from '../health/health.controller';
import { MetricsController } from '../metrics/metrics.controller';
import { ServiceMetrics } from '../metrics/service-metrics';
import { HttpServerReadiness } from './http-server-readiness';
import { ResolvedServiceKitOptions, resolveServiceKitOptions, SERVICE_KIT_OPTIONS, ServiceKitOptions } from './service-kit.options';

/**
 * `/health`, `/health/live` and `/metrics` for a service, and its {@link ServiceMetrics} (global, so feature
 * modules register their own metrics in the same registry). The HTTP pipeline itself (correlation id, body
 * limit, validation, error answers) is set up by `createServiceApp`; {@link HttpServerReadiness} readies it at
 * the end of `init()`.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const resolved = resolveServiceKitOptions(options);
    return {
      module: ServiceKitModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        HttpServerReadiness,
        { provide: SERVICE_KIT_OPTIONS, useValue: resolved },
        {
          provide: ServiceMetrics,
          inject: [SERVICE_KIT_OPTIONS],
          useFactory: (o: ResolvedServiceKitOptions) => new ServiceMetrics(o.service, { defaultMetrics: o.defaultMetrics }),
        },
      ],
      exports: [SERVICE_KIT_OPTIONS, ServiceMetrics],
    };
  }
}
