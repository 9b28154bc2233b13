import { randomUUID } from 'node:crypto';
import { describeWithServices, runEventTransportConformance, serviceUrl } from '@truss/testing';
import { createAmqpTransport } from '../src/amqp.js';
import { createMemoryTransport } from '../src/index.js';
import { createRedisTransport } from '../src/redis.js';

runEventTransportConformance({ name: 'memory', open: async (retry) => createMemoryTransport({ retry }) });

describeWithServices(['redis'], 'Redis Streams transport', () => {
  runEventTransportConformance({
    name: 'redis',
    open: async (retry) =>
      createRedisTransport({
        url: serviceUrl('redis'),
        prefix: `truss-test:events:${randomUUID()}`,
        partitions: 4,
        blockMs: 50,
        retry,
      }),
  });
});

describeWithServices(['rabbitmq'], 'RabbitMQ transport', () => {
  runEventTransportConformance({
    name: 'amqp',
    open: async (retry) =>
      createAmqpTransport({
        url: serviceUrl('rabbitmq'),
        prefix: `truss-test.${randomUUID()}`,
        partitions: 4,
        retry,
      }),
  });
});
