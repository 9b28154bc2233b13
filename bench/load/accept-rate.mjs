// How fast does a busy Node.js server accept new connections? Since libuv 1.45 (Node 20 ships
// 1.46) a server accepts ONE connection per event-loop iteration (libuv commit 6c692ad, "unix:
// don't accept() connections in a loop"). An iteration runs every request that is ready, so while
// the server is saturated, new connections wait in the kernel's accept queue one iteration each —
// and past the listen backlog the kernel drops their handshakes.
//
// This server answers each request after 20 ms of CPU; 10 keep-alive clients keep it busy; then
// 100 new connections arrive at once. It prints how many were accepted within 4 s and the gaps
// between accepts. Run: `taskset -c 0 node bench/load/accept-rate.mjs`.
import http from 'node:http';
import net from 'node:net';

const BUSY_MS = 20;
const accepted = [];
const server = http.createServer((_req, res) => {
  const started = Date.now();
  while (Date.now() - started < BUSY_MS);
  res.end('x');
});
server.on('connection', () => accepted.push(Date.now()));
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, async () => {
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  let stop = false;
  const busy = async () => {
    while (!stop) {
      await new Promise((done) =>
        http.get({ port, host: '127.0.0.1', agent }, (res) => res.resume().on('end', done)),
      );
    }
  };
  for (let i = 0; i < 10; i++) busy();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = accepted.length;
  const t0 = Date.now();
  const sockets = Array.from({ length: 100 }, () => net.connect(port, '127.0.0.1'));
  await new Promise((resolve) => setTimeout(resolve, 4000));
  stop = true;
  const times = accepted.slice(before).map((t) => t - t0);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const median = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  console.log(
    `libuv ${process.versions.uv}: ${times.length} of 100 new connections accepted within 4 s while busy; ` +
      `median gap between accepts ${median} ms (one per event-loop iteration)`,
  );
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
