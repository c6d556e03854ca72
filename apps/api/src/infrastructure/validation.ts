import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ProblemDetails } from './problem-details.filter';

/** Flattens class-validator errors into `{field, rule, message}`, with dotted paths for nested fields. */
export function fieldErrors(errors: ValidationError[], parent = ''): NonNullable<ProblemDetails['errors']> {
  const out: NonNullable<ProblemDetails['errors']> = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        field,
        rule: rule === 'whitelistValidation' ? 'unknown_field' : rule,
        message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    }
    if (error.children?.length) out.push(...fieldErrors(error.children, field));
  }
  return out;
}

/** The global pipe: unknown fields refused, types and enums checked, values converted; errors as problem details. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => invalidRequest(fieldErrors(errors)),
  });
}

/** The 400 of a bad request (`/problems/validation`): each field named with the rule it breaks. */
export function invalidRequest(errors: NonNullable<ProblemDetails['errors']>, detail?: string): BadRequestException {
  const problem: ProblemDetails = {
    type: '/problems/validation',
    title: 'Invalid request',
    status: 400,
    detail: detail ?? (errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'The request is invalid.'),
    errors,
  };
  return new BadRequestException(problem);
}

/** A request body that is JSON but not an object (an array, a string, a number, true/false, null). */
export function bodyNotAnObject(): BadRequestException {
  return invalidRequest(
    [{ field: '(body)', rule: 'isObject', message: 'the request body must be a JSON object' }],
    'The request body must be a JSON object.',
  );
}
