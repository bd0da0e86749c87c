/** Raw request body: a string (hashed as UTF-8) or bytes. Never a parsed JSON object. */
export type Payload = string | Uint8Array | ArrayBuffer | SharedArrayBuffer | ArrayBufferView;

