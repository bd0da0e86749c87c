// Conversions of JS values shared by the API modules.

export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function seconds(value) {
  if (value instanceof Date) return value.getTime() / 1000;
  return typeof value === 'number' ? value : Number.NaN;
}


/** What `binaryBytes` returns for a buffer whose memory is gone. */
export const DETACHED = Symbol('detached');

const EMPTY = new Uint8Array(0);
// Absent where pages are not cross-origin isolated.
const Shared = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;

/** Whether `buffer` still has its memory (constructing a view on a detached one throws). */
function attached(buffer) {
  try {
    new Uint8Array(buffer);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bytes of a binary value (an ArrayBuffer, a SharedArrayBuffer or any view of one) as a
 * Uint8Array; `undefined` when `value` is not binary; `DETACHED` when its buffer was
 * transferred (postMessage, structuredClone), which every backend would otherwise read as
 * an empty body, or which the WASM glue would fail on. A view left outside a shrunk
 * resizable buffer reads as empty, as its `byteLength` says. Shared memory is copied first:
 * another thread may write to it while the core reads it.
 */
export function binaryBytes(value) {
  const whole = value instanceof ArrayBuffer || (Shared !== undefined && value instanceof Shared);
  if (!whole && !ArrayBuffer.isView(value)) return undefined;
  let length;
  try {
    length = value.byteLength;
  } catch {
    length = 0; // a DataView's getter throws where a typed array's reads 0
  }
  if (length === 0) return attached(whole ? value : value.buffer) ? EMPTY : DETACHED;
  let view;
  if (whole) view = new Uint8Array(value);
  else if (value instanceof Uint8Array) view = value;
  else view = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return Shared !== undefined && view.buffer instanceof Shared ? view.slice() : view;
}

/** How error messages name a buffer whose memory is gone. */
export const DETACHED_NAME = 'detached ArrayBuffer (its memory was transferred elsewhere)';

/** Puts the integers beyond 2^53 the core listed (`[[pointer, decimal], …]`) back as BigInts. */
export function restoreBigInts(value, found) {
  let root = value;
  for (const [pointer, decimal] of found) {
    if (pointer === '') {
      root = BigInt(decimal);
      continue;
    }
    const path = pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = path.pop();
    let parent = root;
    for (const segment of path) parent = parent[segment];
    parent[last] = BigInt(decimal);
  }
  return root;
}
