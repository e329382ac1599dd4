import { DynamicModule, Module } from '@nestjs/common';
import { DATABASE, Database } from '@app/database';

/**
 * Provides a database opened (and migrated) by the caller, as `DatabaseModule` would, but leaves closing it to
 * the caller: several in-process instances of the service share one PGlite this way, as separate processes share
 * one PostgreSQL schema.
 */
@Module({})
export class ExistingDatabaseModule {
  static of(db: Database): DynamicModule {
    return { module: ExistingDatabaseModule, global: true, providers: [{ provide: DATABASE, useValue: db }], exports: [DATABASE] };
  }
}
