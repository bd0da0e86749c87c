// `require()` of both entries (Node's require(esm), Node >= 20.19; Bun).
const edgeward = require('edgeward');
const lean = require('edgeward/webhooks');

import('./check-lib.js').then(({ check }) => console.log(JSON.stringify(check(edgeward, lean))));
