/** What `safeErrorResponse` returns: the reply and the redacted log record. */
export interface SafeErrorResponse {
  status: number;
  headers: Record<string, string>;
  /** RFC 9457 problem JSON: generic for 5xx, with the request id. */
  body: string;
  /** The internal record (message, stack, causes, request id), redacted. */
  log: { requestId: string; status: number; name: string; message: string; stack?: string; causes?: string[] };
  requestId: string;
}

/** The reply for `error`: never a stack, a 5xx message or a secret in the body. */
export function safeErrorResponse(
  error: unknown,
  options?: { requestId?: string; status?: number; expose?: boolean },
): SafeErrorResponse;
/** `incoming` when it is a safe request id (1–128 of `A-Z a-z 0-9 . _ : -`), else a new random one. */
export function requestId(incoming?: string | null): string;
