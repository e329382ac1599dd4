import { connect, Socket } from 'node:net';

/**
 * One Fetch v4 request for one partition over a plain TCP connection, answering the raw record bytes. kafkajs
 * decodes a fetch response whole and throws without saying which partition broke, so the lib reads the bytes of
 * a suspect position itself to find and keep an undecodable batch. Plaintext listeners only (see README gaps).
 */
export async function fetchRawRecords(address: string, topic: string, partition: number, offset: bigint, timeoutMs = 10_000): Promise<Buffer> {
  const [host, port] = splitAddress(address);
  const socket = await open(host, port, timeoutMs);
  try {
    socket.write(fetchRequest(topic, partition, offset));
    return parseFetchResponse(await readFrame(socket, timeoutMs));
  } finally {
    socket.destroy();
  }
}

const FETCH = 1;
const FETCH_VERSION = 4;
const MAX_BYTES = 8 * 1024 * 1024;

function fetchRequest(topic: string, partition: number, offset: bigint): Buffer {
  const clientId = Buffer.from('undecodable-locator');
  const topicBytes = Buffer.from(topic);
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 4 + 4 + 4 + 1 + 4 + 2 + topicBytes.length + 4 + 4 + 8 + 4);
  let at = 0;
  at = body.writeInt16BE(FETCH, at);
  at = body.writeInt16BE(FETCH_VERSION, at);
  at = body.writeInt32BE(1, at); // correlation id
  at = body.writeInt16BE(clientId.length, at);
  at += clientId.copy(body, at);
  at = body.writeInt32BE(-1, at); // replica id
  at = body.writeInt32BE(0, at); // max wait
  at = body.writeInt32BE(1, at); // min bytes
  at = body.writeInt32BE(MAX_BYTES, at);
  at = body.writeInt8(0, at); // read uncommitted: every batch the group may meet
  at = body.writeInt32BE(1, at);
  at = body.writeInt16BE(topicBytes.length, at);
  at += topicBytes.copy(body, at);
  at = body.writeInt32BE(1, at);
  at = body.writeInt32BE(partition, at);
  at = body.writeBigInt64BE(offset, at);
  body.writeInt32BE(MAX_BYTES, at);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function parseFetchResponse(frame: Buffer): Buffer {
  let at = 4 + 4; // correlation id, throttle time
  const topics = frame.readInt32BE(at);
  at += 4;
  if (topics !== 1) throw new Error(`fetch answered ${topics} topics`);
  at += 2 + frame.readInt16BE(at); // topic name
  at += 4; // partition count (1)
  at += 4; // partition
  const errorCode = frame.readInt16BE(at);
  at += 2;
  if (errorCode !== 0) throw new Error(`fetch answered error code ${errorCode}`);
  at += 8 + 8; // high watermark, last stable offset
  const aborted = frame.readInt32BE(at);
  at += 4 + Math.max(0, aborted) * 16;
  const length = frame.readInt32BE(at);
  at += 4;
  return length < 0 ? Buffer.alloc(0) : frame.subarray(at, at + length);
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}

function open(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('error', reject);
  });
}

function readFrame(socket: Socket, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => reject(new Error(`no fetch answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        clearTimeout(timer);
        resolve(buffered.subarray(4, 4 + buffered.readInt32BE(0)));
      }
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('close', () => reject(new Error('connection closed before the fetch answer')));
  });
}
