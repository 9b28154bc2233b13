import type { AddressInfo } from 'node:net';
import { handleClientErrors } from '@truss/http';
import { runHttpAdapterConformance } from '@truss/testing';
import express from 'express';
import { createKernelMiddleware } from '../src/index.js';

runHttpAdapterConformance({
  name: 'express',
  async serve(kernel) {
    const app = express();
    app.use(createKernelMiddleware(kernel));
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    handleClientErrors(server, kernel);
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        }),
    };
  },
});
