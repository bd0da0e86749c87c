/** A role: permissions it allows, or `{ allow, deny }` (deny overrides every allow). */
export type RoleRules = string[] | { allow?: string[]; deny?: string[] };

/** Who asks. */
export interface AccessSubject {
  roles?: string[];
  permissions?: string[];
  deny?: string[];
  /** A scoped key: its permissions intersect the subject's; `ipRestrictions` are CIDR ranges. */
  key?: { permissions: string[]; ipRestrictions?: string[] };
  /** The caller's IP address (required when the key has IP restrictions). */
  ip?: string;
}

/** Least privilege, deny by default. Malformed permissions throw `PolicyError` (`POLICY_INVALID`). */
export class AccessPolicy {
  constructor(options?: { roles?: Record<string, RoleRules> });
  can(subject: AccessSubject, permission: string): boolean;
  explain(subject: AccessSubject, permission: string): { allowed: boolean; rule: string };
}
