import { Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Database } from '../database';
import { migrate } from '../migrations/migrate';
import { openDatabase } from '../open-database';
import { DATABASE } from './database.constants';
import { ConfigurableDatabaseModule, DATABASE_MODULE_OPTIONS, DatabaseModuleOptions } from './database.module-definition';

const databaseProvider: Provider = {
  provide: DATABASE,
  inject: [DATABASE_MODULE_OPTIONS],
  // Migrating inside the factory means nothing that injects the database can run before its tables exist.
  useFactory: async (options: DatabaseModuleOptions): Promise<Database> => {
    const { migrations = [], ...databaseOptions } = options;
    const db = await openDatabase(databaseOptions);
    try {
      await migrate(db, migrations);
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  },
};

/**
 * Provides the service's {@link Database} under {@link DATABASE} to every module (global), migrated at start-up,
 * and closes it in `onApplicationShutdown`: global modules shut down last, after consumers and the outbox relay
 * (stop those in `onModuleDestroy` / `beforeApplicationShutdown`) are done with it.
 */
@Module({ providers: [databaseProvider], exports: [DATABASE] })
export class DatabaseModule extends ConfigurableDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
