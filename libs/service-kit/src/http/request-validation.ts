import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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

/**
 * Which failed check explains a field best, first first: a value of the wrong type fails its length and range
 * checks too, and only the type says what to fix.
 */
const EXPLAINS_FIRST = ['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isPrice', 'nestedValidation', 'whitelistValidation'];

/** The one message that explains what is wrong with a field: missing, then its type, then the rest in order. */
function explanation(error: ValidationError): string | undefined {
  const constraints = error.constraints ?? {};
  const names = Object.keys(constraints);
  if (names.length === 0) return undefined;
  if (error.value === undefined && !names.includes('whitelistValidation')) return `${error.property} is required`;
  const first = EXPLAINS_FIRST.find((name) => name in constraints) ?? names[0];
  return constraints[first];
}

/** Flattens class-validator's tree into dotted paths, array indexes included: one message per field. */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const found: FieldError[] = [];
  for (const error of errors) {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    const message = explanation(error);
    if (message !== undefined) found.push({ path, messages: [message] });
    if (error.children && error.children.length > 0) found.push(...fieldErrors(error.children, path));
  }
  return found;
}

const NOT_DTOS = new Set<unknown>([String, Number, Boolean, Array, Object]);

/** A body that is not a JSON object cannot be a DTO: one message saying so, not one per array index. */
class ServiceValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.type === 'body' && typeof metadata.metatype === 'function' && !NOT_DTOS.has(metadata.metatype);
    if (dto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new RequestValidationException([{ path: 'body', messages: ['body must be a JSON object'] }]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The global pipe every service uses: unknown fields are rejected, payloads become DTO instances, and no
 * implicit conversion happens (the string "2" is not a quantity; query DTOs convert with `@Type`). The values
 * reach the exception factory only to tell a missing field from a wrong one; no answer echoes them.
 */
export function createValidationPipe(): ValidationPipe {
  return new ServiceValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new RequestValidationException(fieldErrors(errors)),
  });
}
