// `import` of both entries, in Node, Deno and Bun.
import * as edgeward from 'edgeward';
import * as lean from 'edgeward/webhooks';
import { check } from './check-lib.js';

console.log(JSON.stringify(check(edgeward, lean)));
