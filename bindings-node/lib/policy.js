// Least privilege over a backend (native addon or WASM): `AccessPolicy`. The policy and each
// subject cross to the Rust core as JSON text; every decision is the core's.
import { describe } from './convert.js';
import { text } from './oauth.js';

/** `AccessPolicy` over `backend`; `fail` maps backend errors. */
export function createPolicyApi(backend, fail) {
  const Inner = backend.AccessPolicy;
  // The lean WASM build (webhooks and redaction) has no credential helpers.
  if (Inner === undefined) return {};

  function call(work) {
    try {
      return work();
    } catch (error) {
      throw fail(error);
    }
  }

  function json(value, name) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`${name} must be an object, got ${describe(value)}`);
    }
    return JSON.stringify(value);
  }

  /**
   * Roles of `resource:action` permissions (`*` = one whole segment), explicit denies, scoped
   * keys with IP restrictions; deny by default. Defaults: viewer `*:read`; editor `*:read`,
   * `*:create`, `*:update`; admin `*:*`.
   */
  class AccessPolicy {
    #inner;

    constructor({ roles } = {}) {
      this.#inner = call(() => new Inner(JSON.stringify({ roles: roles ?? null })));
    }

    /** Whether `subject` ({ roles, permissions, deny, key: { permissions, ipRestrictions }, ip }) may do `permission`. */
    can(subject, permission) {
      return call(() => this.#inner.can(json(subject, 'subject'), text(permission, 'permission')));
    }

    /** `{ allowed, rule }`: the decision and the rule that made it. */
    explain(subject, permission) {
      const [allowed, rule] = call(() => this.#inner.explain(json(subject, 'subject'), text(permission, 'permission')));
      return { allowed, rule };
    }
  }

  return { AccessPolicy };
}
