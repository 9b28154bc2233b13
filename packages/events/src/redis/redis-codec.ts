import type { DeliveredEvent } from '../event.js';

/** A stream entry as ioredis answers it: `[entryId, [field, value, …]]`. @internal */
export type StreamEntry = [string, string[]];

/** The fields of a stream entry holding `event`; `only` limits it to one consumer (a replay). @internal */
export function encodeEvent(event: DeliveredEvent, extra: Record<string, string> = {}): string[] {
  const fields = [
    'id',
    event.id,
    'topic',
    event.topic,
    'key',
    event.key,
    'payload',
    JSON.stringify(event.payload ?? null),
    'at',
    String(event.occurredAt.getTime()),
  ];
  for (const [name, value] of Object.entries(extra)) fields.push(name, value);
  return fields;
}

/** The fields of an entry as a record. @internal */
export function fieldsOf(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
  return fields;
}

/** The event of an entry's fields; throws when they are not one. @internal */
export function decodeEvent(fields: Record<string, string>): DeliveredEvent {
  const { id, topic, key, payload, at } = fields;
  if (!id || !topic || key === undefined || payload === undefined || !at) {
    throw new Error('Malformed event entry: a field is missing');
  }
  return { id, topic, key, payload: JSON.parse(payload), occurredAt: new Date(Number(at)) };
}
