/**
 * Reads a request body within limits: at most `maxBytes` on the wire and, gzip-compressed
 * (`Content-Encoding: gzip` or the gzip magic), at most `maxBytes` × 8 once inflated.
 */
import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { HttpError } from './http-error.js';

const inflate = promisify(gunzip);

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new HttpError(413, `request body of ${declared} bytes is over the limit of ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw new HttpError(413, `request body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks, size);
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  const gzipped = encoding === 'gzip' || (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b);
  if (!gzipped) {
    if (encoding && encoding !== 'identity') throw new HttpError(415, `Content-Encoding ${encoding} is not supported (use gzip)`);
    return body;
  }
  try {
    return await inflate(body, { maxOutputLength: maxBytes * 8 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new HttpError(413, `gzip body inflates to over ${maxBytes * 8} bytes`);
    throw new HttpError(400, `gzip body could not be inflated: ${(err as Error).message}`);
  }
}
