/**
 * Freezes a plain value and everything in it, so that one instance can be handed to every caller
 * (a cached summary, a reply rendered once) without any of them changing it for the others.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
