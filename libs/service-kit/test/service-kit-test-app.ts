import { Writable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Injectable, Module, NotFoundException, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Pool } from 'pg';
import { KafkaProducer } from '@app/kafka';
import { CorrelationId, createServiceApp, createServiceLogger, ServiceKitModule } from '../src';

export class LineDto {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

export class BasketDto {
  @IsString()
  owner!: string;

  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

/** What the probe controller saw, for assertions on the correlation id inside a request. */
@Injectable()
export class Seen {
  correlationIds: (string | undefined)[] = [];
}

@Controller('probe')
class ProbeController {
  constructor(private readonly seen: Seen) {}

  @Post('baskets')
  @HttpCode(201)
  create(@Body() basket: BasketDto, @CorrelationId() correlationId: string): { lines: number; correlationId: string } {
    this.seen.correlationIds.push(correlationId);
    return { lines: basket.lines.length, correlationId };
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException({ message: 'basket b-1 not found', code: 'BASKET.NOT_FOUND' });
  }

  @Get('bug')
  bug(): never {
    throw new Error('secret connection string postgres://admin:hunter2@db');
  }

  /** A query to a PostgreSQL that refuses connections (port 1): what a service sees while its database is down. */
  @Get('database-down')
  async databaseDown(): Promise<never> {
    const pool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/unreachable', connectionTimeoutMillis: 2000 });
    try {
      await pool.query('SELECT 1');
      throw new Error('a PostgreSQL answered on port 1');
    } finally {
      await pool.end();
    }
  }
}

export interface LogLine {
  level: string;
  msg?: string;
  correlationId?: string;
  err?: { message?: string; stack?: string };
  [field: string]: unknown;
}

/** A service-kit app around a probe controller, logging into `lines`. */
export async function startProbeApp(extraImports: NonNullable<Parameters<typeof Module>[0]>['imports'] = []): Promise<{ app: NestFastifyApplication; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  @Module({
    imports: [ServiceKitModule.forRoot({ service: 'probe-service', healthTimeoutMs: 1000, defaultMetrics: false }), ...(extraImports ?? [])],
    controllers: [ProbeController],
    providers: [Seen],
  })
  class ProbeModule {}
  const app = await createServiceApp(ProbeModule, { logger: createServiceLogger({ service: 'probe-service', level: 'warn', destination }), bodyLimit: '1kb' });
  await app.init();
  return { app, lines };
}

export { KafkaProducer };
