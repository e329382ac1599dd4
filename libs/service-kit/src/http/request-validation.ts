import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** One field a client got wrong: `path` like `items.0.quantity`, and what is wrong with it. */
export interface FieldError {
  path: string;
  messages: string[];
}

/** 400 for a request that failed validation; the body lists every field at fault. */
export class RequestValidationException extends BadRequestException {
  readonly code = 'REQUEST.INVALID';

  constructor(readonly fields: FieldError[]) {
    super({ message: 'Request validation failed', code: 'REQUEST.INVALID', fields });
  }
}

/** Flattens class-validator's tree into dotted paths, array indexes included. */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const found: FieldError[] = [];
  for (const error of errors) {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) found.push({ path, messages });
    if (error.children && error.children.length > 0) found.push(...fieldErrors(error.children, path));
  }
  return found;
}

/**
 * The global pipe every service uses: unknown fields are rejected, payloads become DTO instances, and no
 * implicit conversion happens (the string "2" is not a quantity; query DTOs convert with `@Type`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(fieldErrors(errors)),
  });
}
