import { ConfigurableModuleBuilder } from '@nestjs/common';
import { DatabaseOptions } from '../database.options';
import { Migration } from '../migrations/migration';

/** What `DatabaseModule.forRoot` / `forRootAsync` take: how to open the database and what to migrate. */
export interface DatabaseModuleOptions extends DatabaseOptions {
  /** Applied at start-up, before any other provider can query (e.g. `[...outboxMigrations, ...own]`). */
  migrations?: readonly Migration[];
}

export const { ConfigurableModuleClass: ConfigurableDatabaseModule, MODULE_OPTIONS_TOKEN: DATABASE_MODULE_OPTIONS } = new ConfigurableModuleBuilder<DatabaseModuleOptions>()
  .setClassMethodName('forRoot')
  // Always global: each service has one database, and every feature module needs it.
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();
