export type { Database, DatabaseKind, DatabaseLogger, LockOutcome, Queryable, QueryResult, Transaction } from './database';
export { consoleDatabaseLogger, silentDatabaseLogger } from './database';
export { DatabaseError, isDatabaseUnavailableError, isTransientDatabaseError } from './database.errors';
export type { DatabaseErrorCode } from './database.errors';
export type { DatabaseOptions } from './database.options';
export { openDatabase } from './open-database';

export type { Migration } from './migrations/migration';
export { migrate } from './migrations/migrate';

export type { OutboxMessage, OutboxPublisher } from './outbox/outbox-message';
export { outboxMigrations } from './outbox/outbox.migrations';
export { enqueueOutbox } from './outbox/enqueue-outbox';
export { outboxInsert } from './outbox/outbox-insert';
export type { OutboxInsert, OutboxKeepIf } from './outbox/outbox-insert';
export { OutboxRelay } from './outbox/outbox-relay';
export type { OutboxRelayStats } from './outbox/outbox-relay';
export type { OutboxRelayOptions } from './outbox/outbox-relay.options';

export { inboxMigrations } from './inbox/inbox.migrations';
export { claimInbox, claimInboxBatch } from './inbox/claim-inbox';

export { DATABASE, InjectDatabase } from './nest/database.constants';
export { DatabaseModule } from './nest/database.module';
export type { DatabaseModuleOptions } from './nest/database.module-definition';

export { GroupCommit } from './group-commit/group-commit';
export type { GroupCommitOptions, GroupWrite } from './group-commit/group-commit';
