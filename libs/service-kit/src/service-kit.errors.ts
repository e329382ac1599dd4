/** Codes of the failures this lib raises itself. */
export type ServiceKitErrorCode = 'SERVICE_KIT.INVALID_OPTIONS' | 'SERVICE_KIT.NOT_CONFIGURED';

/** An expected failure of this lib, with a string code; none is worth retrying as it is. */
export class ServiceKitError extends Error {
  override readonly name = 'ServiceKitError';
  readonly retriable = false;

  constructor(
    readonly code: ServiceKitErrorCode,
    message: string,
  ) {
    super(message);
  }
}
