import type { Message, Options } from 'amqplib';
import type { DeliveredEvent } from '../event.js';

/** The body and properties of the message carrying `event`. @internal */
export function encodeMessage(event: DeliveredEvent): { body: Buffer; options: Options.Publish } {
  return {
    body: Buffer.from(JSON.stringify(event.payload ?? null)),
    options: {
      persistent: true,
      messageId: event.id,
      type: event.topic,
      timestamp: Math.floor(event.occurredAt.getTime() / 1000),
      contentType: 'application/json',
      headers: { 'x-truss-key': event.key, 'x-truss-occurred-at': event.occurredAt.getTime() },
    },
  };
}

/** The event a message carries; throws when it carries none. @internal */
export function decodeMessage(message: Message): DeliveredEvent {
  const { messageId, type, headers } = message.properties;
  const key = headers?.['x-truss-key'];
  const at = headers?.['x-truss-occurred-at'];
  if (typeof messageId !== 'string' || typeof type !== 'string' || typeof key !== 'string') {
    throw new Error('Malformed event message: id, topic or key missing');
  }
  return {
    id: messageId,
    topic: type,
    key,
    payload: JSON.parse(message.content.toString('utf8')),
    occurredAt: new Date(Number(at ?? 0)),
  };
}
