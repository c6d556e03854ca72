import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { TEXT_RULE, textKindOf, textViolationIn } from '@unblock/domain';
import { invalidRequest } from './validation';

/**
 * The text rule (libs/domain/src/text.ts) on a DTO field: a string, or each string of an array, without NUL,
 * unpaired surrogates or control characters; a single line unless the field's name is a multi-line one
 * (MULTI_LINE_TEXT_FIELDS: description, note, reason, text). Anything that is not text is left to @IsString and
 * the others. Every string field of a request body carries it (test/unit/text-rule.test.ts checks that); the
 * field error's rule is `text.forbidden_character`.
 */
export function IsText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: TEXT_RULE,
      validator: {
        validate: (value: unknown, args) =>
          textViolationIn(value, args!.property, textKindOf(args!.property)) === undefined,
        defaultMessage: (args) =>
          textViolationIn(args!.value, args!.property, textKindOf(args!.property))?.message ??
          `${args!.property} must keep the text rule`,
      },
    },
    options,
  );
}

/**
 * The text rule on everything a handler is given that no DTO decorator checks: path parameters (`id`), query
 * parameters (each named by its key) and, behind the DTOs' own checks, every string of a body. Runs after the
 * validation pipe; a custom parameter (the signed-in user, the Idempotency-Key, which is checked where it is read)
 * is left alone. A break is the same 400 as a DTO's: `/problems/validation` naming the parameter and the rule.
 */
@Injectable()
export class TextRulePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = metadata.data ?? '';
    const violation = textViolationIn(value, field, textKindOf(field));
    if (violation) throw invalidRequest([violation]);
    return value;
  }
}
