import type { OrderShippedPayload, UserCreatedPayload } from '@truss/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type TrussEventMap, typedConsumer } from './event.js';

describe('typed consumers', () => {
  it('type the payload by topic, and refuse topics the map does not have', () => {
    const consumer = typedConsumer<TrussEventMap, 'order.shipped' | 'user.created'>({
      name: 'typed',
      topics: ['order.shipped', 'user.created'],
      async handle(event) {
        if (event.topic === 'order.shipped') expectTypeOf(event.payload).toEqualTypeOf<OrderShippedPayload>();
        else expectTypeOf(event.payload).toEqualTypeOf<UserCreatedPayload>();
      },
    });
    expectTypeOf(consumer.topics).toEqualTypeOf<readonly string[]>();
    // @ts-expect-error: not a topic of the map
    typedConsumer<TrussEventMap, 'order.deleted'>({ name: 'x', topics: [], handle: async () => {} });
  });
});
