import { TrussError } from '@truss/core';

/** `value` as JSON text; a `validation_error` `TrussError` when it cannot be serialized. */
export function toJsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TrussError('validation_error', `The ${what} cannot be serialized as JSON`, { cause: error });
  }
  if (text === undefined) throw new TrussError('validation_error', `The ${what} is not a JSON value`);
  return text;
}

/** JSON text from the database, parsed. */
export function fromJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TrussError('internal_error', 'The database returned JSON that cannot be read', {
      cause: error,
    });
  }
}
