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

