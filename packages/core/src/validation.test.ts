import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { markValidated, parseInput } from './validation.js';

describe('parseInput and markValidated', () => {
  const counted = () => {
    let runs = 0;
    const schema = z.strictObject({ n: z.number().int() }).refine(() => {
      runs++;
      return true;
    });
    return { schema, runs: () => runs };
  };

  it('validates plain input, answering a fresh object, and throws 422 with every field issue', () => {
    const { schema, runs } = counted();
    const input = { n: 1 };
    const output = parseInput(schema, input);
    expect(output).toEqual({ n: 1 });
    expect(output).not.toBe(input);
    expect(runs()).toBe(1);
    expect(() => parseInput(schema, { n: 1.5, extra: true })).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: expect.arrayContaining([expect.objectContaining({ path: 'n' })]),
      }),
    );
  });

  it('answers input marked as validated by the same schema as it is, without running the schema', () => {
    const { schema, runs } = counted();
    const marked = markValidated(schema, { n: 2 });
    expect(parseInput(schema, marked)).toBe(marked);
    expect(runs()).toBe(0);
  });

  it('validates input marked for another schema, and copies (which drop the mark)', () => {
    const { schema, runs } = counted();
    const other = z.object({ n: z.number() });
    parseInput(schema, markValidated(other, { n: 3 }));
    parseInput(schema, { ...markValidated(schema, { n: 3 }) });
    parseInput(schema, JSON.parse(JSON.stringify(markValidated(schema, { n: 3 }))));
    expect(runs()).toBe(3);
    expect(() => parseInput(schema, markValidated(other, { n: 'x' }))).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });

  it('keeps the mark out of JSON and key listings', () => {
    const marked = markValidated(z.object({}), { a: 1 });
    expect(JSON.stringify(marked)).toBe('{"a":1}');
    expect(Object.keys(marked)).toEqual(['a']);
  });
});
