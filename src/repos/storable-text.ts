/**
 * PostgreSQL text cannot hold NUL (U+0000), which a pasted or generated message may carry: text that
 * people typed is stored with U+FFFD in its place on both back ends, so both keep the same row.
 */
export function storableText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
}
