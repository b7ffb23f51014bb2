// the baseline for the latency benchmark: HTTP in, socket.io broadcast out, nothing in between
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer((req, res) => {
	let body = '';
	req.on('data', (c) => (body += c));
	req.on('end', () => {
		io.emit('incident:created', JSON.parse(body));
		res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
	});
});
const io = new Server(server, { path: '/socket.io', serveClient: false });
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('MCU_LISTENING\n'));
process.on('SIGTERM', () => process.exit(0));
