import type { AddressInfo } from 'node:net';
import { runHttpAdapterConformance } from '@truss/testing';
import Fastify from 'fastify';
import { fastifyOptions, registerKernel } from '../src/index.js';

runHttpAdapterConformance({
  name: 'fastify',
  async serve(kernel) {
    const app = Fastify(fastifyOptions(kernel));
    registerKernel(app, kernel);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
});
