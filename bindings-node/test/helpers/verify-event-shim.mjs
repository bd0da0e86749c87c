// TEMPORARY until the `events` branch (verifyEvent) is merged: not committed.
import { Webhook, ValidationError } from '../../lib/entries/node.js';
if (typeof Webhook.prototype.verifyEvent !== 'function') {
  Webhook.prototype.verifyEventAsync = async function (payload, headers) {
    const r = await this.verifyAsync(payload, headers);
    let event;
    try { event = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload)); } catch { throw new ValidationError('invalid json', 'VALIDATION_INVALID_JSON'); }
    return { ...r, event, type: event?.type };
  };
}
