/** What Pulse says back: adapter-neutral, rendered by each adapter (console text, Slack Block Kit). */

export interface Table {
  title?: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** Per column; numbers default to right-aligned. */
  align?: Array<'left' | 'right'>;
}

/**
 * A file a reply carries. A job run by a worker stores it in the database (`storedId`), since the
 * process posting the reply may be on another host than `path`; that process loads `content` back.
 */
interface StoredFileRef {
  /** On disk where the job ran (CHART_DIR): a local copy. */
  path: string;
  storedId?: number;
  /** The file's bytes, loaded from the database by the process that posts the reply. */
  content?: Buffer;
}

export interface ChartRef extends StoredFileRef {
  title: string;
  altText: string;
}

export interface FileRef extends StoredFileRef {
  title: string;
  filename: string;
  mimeType: string;
}

/** A "did you mean" option: `text` is what Pulse runs when it is picked. */
export interface Choice {
  label: string;
  text: string;
}

export interface Reply {
  text: string;
  tables?: Table[];
  charts?: ChartRef[];
  files?: FileRef[];
  choices?: Choice[];
  /** Visible only to the person who asked (usage errors, refusals). */
  ephemeral?: boolean;
  isError?: boolean;
  /** Set on answers to plain-language messages: adapters offer right/wrong feedback for it. */
  feedback?: { text: string; intent: string };
  /** Set on the acknowledgement of queued work, so adapters can update that message later. */
  job?: { id: string; name: string };
}

export function textReply(text: string, extra: Partial<Reply> = {}): Reply {
  return { text, ...extra };
}

export function errorReply(text: string, usage?: string): Reply {
  const message = clipEchoes(text);
  return { text: usage ? `${message}\nUsage: ${usage}` : message, ephemeral: true, isError: true };
}

/** Longest piece of someone's input an error message quotes back, in characters. */
const MAX_ECHO = 80;
/** Longest error message before the usage line. */
const MAX_ERROR_TEXT = 1500;

/**
 * Error messages quote what was typed (`unknown word "…"`); a 40,000-character word must not come
 * back whole. Quoted input is cut to MAX_ECHO characters (whole code points) with its length given.
 */
export function clipEchoes(text: string): string {
  const clipped = text.replace(/"([^"\n]+)"/g, (quoted, inner: string) => {
    const chars = Array.from(inner);
    return chars.length <= MAX_ECHO ? quoted : `"${chars.slice(0, MAX_ECHO - 20).join('')}…" (${chars.length.toLocaleString('en-US')} characters)`;
  });
  const chars = Array.from(clipped);
  return chars.length <= MAX_ERROR_TEXT ? clipped : `${chars.slice(0, MAX_ERROR_TEXT - 1).join('')}…`;
}
