// A WebSocket echo server for Function Compute's custom runtime, with the
// ws package. Every message comes back as it came (text as text, binary as
// binary); a plain GET answers with the instance that served it.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const instance = process.env.FC_INSTANCE_ID || 'local';
// The port FC tells the instance to serve on.
const port = Number(process.env.FC_SERVER_PORT || process.env.FC_CUSTOM_LISTEN_PORT || 9000);

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('use GET, or a WebSocket upgrade\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`echo-node: instance ${instance} answered ${new URL(req.url, 'http://x').pathname}; ` +
    'connect with a WebSocket client to this URL to echo messages.\n');
});

// Messages are held whole in memory: bound them. ws answers pings itself.
const wss = new WebSocketServer({ server, maxPayload: 16 << 20 });

wss.on('connection', (ws, req) => {
  const started = Date.now();
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', (err) => console.log(`${req.socket.remoteAddress} ${req.url}: ${err.message}`));
  ws.on('close', (code) => {
    console.log(`${req.socket.remoteAddress} ${req.url}: connection ended after ${Date.now() - started} ms: close ${code}`);
  });
});

// FC only reaches a server that listens on all interfaces.
server.listen(port, '0.0.0.0', () => {
  console.log(`echo-node: instance ${instance} listening on 0.0.0.0:${port}`);
});

// SIGTERM is how FC (and the local gateway) stops an instance: tell each
// client the server is going away (1001) so it knows to reconnect.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log('echo-node: shutting down');
    for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
