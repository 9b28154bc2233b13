import { startMinimalServer } from './server.js';

const server = await startMinimalServer(process.env.DATABASE_URL, Number(process.env.PORT ?? 3001));
console.log(`Minimal Truss server on ${server.url} (auth and users only)`);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void server.close());
