import { isTrussClientError } from '@truss/client';
import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import type { z } from 'zod';
import { messageOf } from '../api';

/** Field errors by field name. */
export type FieldErrors = Record<string, string>;

type Issue = { path: string; message: string };

/**
 * Form state validated with the server's own zod schemas (`@truss/api/contract`): the fields are
 * turned into the request body the schema reads, `schema.safeParse` checks it (its output, the
 * server's camelCase input, is ignored), and the server's `validation_error` issues land on the
 * same fields. The first invalid field gets the focus.
 */
export function useForm<V extends Record<string, string>>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const show = (issues: readonly Issue[], fieldOf: (path: string) => string) => {
    const next: FieldErrors = {};
    const other: string[] = [];
    for (const issue of issues) {
      const name = fieldOf(issue.path);
      if (name in values) next[name] ??= issue.message;
      else other.push(issue.message);
    }
    setErrors(next);
    setFormError(other.length > 0 ? other.join(' ') : null);
    window.requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  };

  const field = (name: keyof V & string) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setValues((current) => ({ ...current, [name]: event.target.value })),
  });

  /**
   * The form's submit handler: `toWire` builds the body from the fields, `schema` checks it, and
   * `action` sends it. `fieldOf` maps an issue path (`items.0.quantity`) to a field name.
   */
  const onSubmit =
    <S extends z.ZodType>(
      schema: S,
      toWire: (values: V) => z.input<S>,
      action: (wire: z.input<S>) => Promise<void>,
      fieldOf: (path: string) => string = (path) => path,
    ) =>
    async (event: FormEvent) => {
      event.preventDefault();
      setFormError(null);
      const wire = toWire(values);
      const result = schema.safeParse(wire);
      if (!result.success) {
        show(
          result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
          fieldOf,
        );
        return;
      }
      setErrors({});
      setBusy(true);
      try {
        await action(wire);
      } catch (error) {
        if (isTrussClientError(error) && error.fieldIssues.length > 0) show(error.fieldIssues, fieldOf);
        else setFormError(messageOf(error));
      } finally {
        setBusy(false);
      }
    };

  return { values, setValues, errors, formError, busy, field, onSubmit, formRef };
}
