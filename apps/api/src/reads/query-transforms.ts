import { Transform } from 'class-transformer';

/** `a,b` or `?x=a&x=b` → ['a', 'b'] (trimmed, empty parts dropped); anything else is left for the validator. */
export function ToList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const parts = Array.isArray(value) ? value : typeof value === 'string' ? [value] : undefined;
    if (!parts || !parts.every((part) => typeof part === 'string')) return value;
    return (parts as string[])
      .flatMap((part) => part.split(','))
      .map((part) => part.trim())
      .filter((part) => part !== '');
  });
}

/** `true` / `false` (also 1/0, yes/no) → a boolean; anything else is left for @IsBoolean to refuse. */
export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const lowered = value.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(lowered)) return true;
    if (['false', '0', 'no'].includes(lowered)) return false;
    return value;
  });
}

/** A whole number in the query string → a number; anything else becomes NaN, which @IsInt refuses. */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim())
      ? Number(value)
      : typeof value === 'number'
        ? value
        : Number.NaN,
  );
}
