// AccessPolicy.can() on a 50-rule policy: native addon and WASM, the subject passed as the
// object users hold (the facade serialises it for the core each call).
// Run: node bench/node/policy.mjs   (after `npm run build` in bindings-node)
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const roles = {};
for (let r = 0; r < 10; r++) {
  roles[`role${r}`] = { allow: [`res${r}a:read`, `res${r}b:update`, `res${r}c:*`, `*:list${r}`], deny: [`res${r}d:delete`] };
}
const subject = { roles: ['role3', 'role7', 'viewer'], key: { permissions: ['*:read', 'res7c:*'], ipRestrictions: ['10.0.0.0/8'] }, ip: '10.1.2.3' };
const contenders = {};
for (const [name, api] of [['native', createApi(loadNative())], ['wasm', createApi(loadWasm())]]) {
  const policy = new api.AccessPolicy({ roles });
  if (!policy.can(subject, 'res7c:purge') || policy.can(subject, 'res7d:delete')) throw new Error('unexpected decision');
  contenders[name] = () => policy.can(subject, 'res7c:purge');
}
const best = await race(contenders);
console.log(`µs per can() on a 50-rule policy (10 roles × 5 rules + defaults), best of ${ROUNDS} turns of ${TURN_MS} ms`);
for (const [name, us] of Object.entries(best)) console.log(`${name.padEnd(7)} ${us.toFixed(3)} µs`);
