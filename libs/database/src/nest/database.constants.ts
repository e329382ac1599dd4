import { Inject } from '@nestjs/common';

/** Injection token of the {@link Database} that `DatabaseModule` provides. */
export const DATABASE = Symbol('DATABASE');

/** Parameter decorator: `constructor(@InjectDatabase() private readonly db: Database)`. */
export const InjectDatabase = (): ParameterDecorator => Inject(DATABASE);
