// The Socket.IO peer of scripts/bench fanout: every socket joins one room, and hz times a second the same tick
// (the bridge's frame body, the same bytes for every socket) is broadcast to the room. WebSocket only, no
// compression, as the bridge. Prints "READY <pid>" when it listens; GET /heap answers the heap in use.
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2]);
const hz = Number(process.argv[3]);
const server = http.createServer((req, res) => {
  if (req.url === '/heap') {
    if (global.gc) global.gc();
    res.end(String(process.memoryUsage().heapUsed));
    return;
  }
  res.statusCode = 404;
  res.end();
});
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => socket.join('world'));

let minute = 1000000;
setInterval(() => {
  minute += 1;
  io.to('world').emit('tick', {
    gameMinutes: minute, year: 1247, month: 3, monthName: 'Greenfall', day: 14, weekday: 'Thornday', hour: 9,
    minute: minute % 60, season: 'spring', phase: 'day', weather: 'clear', dawnHour: 6, duskHour: 19,
    secondsPerGameHour: 6.0, paused: false,
  });
}, Math.max(1, Math.round(1000 / hz)));

server.listen(port, '127.0.0.1', () => console.log(`READY ${process.pid}`));
