/** Slack special mentions that notify a whole channel or group, in any message Pulse sends. */
const BROADCAST = /<!(?:channel|here|everyone|subteam\^)[^>]*>/g;

/**
 * The broadcast mentions a Slack message (or Web API arguments) would trigger, in the places Slack reads
 * markup: the message `text` and every mrkdwn text object (`<!channel>`-style markup, and plain
 * `@channel` unless the object is verbatim). Button values and plain_text are never parsed.
 */
export function broadcastsIn(message: unknown): string[] {
  const found: string[] = [];
  const check = (text: unknown, verbatim: boolean) => {
    if (typeof text !== 'string') return;
    found.push(...[...text.matchAll(BROADCAST)].map((m) => m[0]));
    if (!verbatim) found.push(...[...text.matchAll(/@(?:channel|here|everyone)\b/g)].map((m) => `${m[0]} (parsed: not verbatim)`));
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    if (object.type === 'mrkdwn') check(object.text, object.verbatim === true);
    for (const [key, value] of Object.entries(object)) {
      if (key === 'value') continue; // button payloads: never shown
      if (typeof value === 'string' && key === 'text' && object.type === undefined) check(value, true); // a message's text: parse=none, no link_names
      else visit(typeof value === 'string' && /^[[{]/.test(value) ? tryParse(value) : value);
    }
  };
  visit(message);
  return found;
}

/** Form-encoded Web API calls carry blocks as JSON strings. */
function tryParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
