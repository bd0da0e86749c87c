import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/node_modules/', '**/native/', 'bindings-node/wasm/', 'bindings-node/wasm-lean/', '**/test/types/', '**/dist/', 'target*/', 'bindings-node/.pkg-check/'] },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.worker },
    },
  },
];
