import { ValidationError } from 'class-validator';
import { childPath } from './field-path';

export interface FieldProblem {
  /** `data.items[0].quantity` */
  readonly field: string;
  /** `data.items[0].quantity must be at least 1` */
  readonly message: string;
}

/** Flattens class-validator's error tree into one readable problem per field and constraint. */
export function fieldProblems(errors: readonly ValidationError[], base: string, baseIsArray = false): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = childPath(base, error.property, baseIsArray);
    const own = problemsOf(error, field);
    problems.push(...own);
    // A field that is not even the right kind of value (an object instead of an array) would only
    // add noise about its contents.
    if (own.length === 0 && error.children?.length) {
      problems.push(...fieldProblems(error.children, field, Array.isArray(error.value)));
    }
  }
  return problems;
}

function problemsOf(error: ValidationError, field: string): FieldProblem[] {
  const constraints = error.constraints ?? {};
  if (Object.keys(constraints).length === 0) return [];
  if ('whitelistValidation' in constraints) return [{ field, message: `${field} is not an allowed field` }];
  // Parsed JSON has no undefined values, so undefined means the key is absent.
  if (error.value === undefined) return [{ field, message: `${field} is missing` }];
  if ('nestedValidation' in constraints) return [{ field, message: `${field} must be an object` }];
  const messages = new Set(
    Object.values(constraints).map((message) => (message.startsWith(`${error.property} `) ? `${field}${message.slice(error.property.length)}` : `${field}: ${message}`)),
  );
  return [...messages].map((message) => ({ field, message }));
}

/** `a must be x; b is missing` plus the distinct fields, for {@link InvalidEventError}. */
export function summarize(problems: readonly FieldProblem[]): { message: string; fields: string[] } {
  return {
    message: problems.map((problem) => problem.message).join('; '),
    fields: [...new Set(problems.map((problem) => problem.field))],
  };
}
