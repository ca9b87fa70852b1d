/**
 * Files people hand to Pulse (a CSV shared in Slack, a path typed in the local console). Plain data,
 * so it can travel inside a queued job; the bytes are fetched by the job, never before the ack.
 */
export interface AttachedFile {
  /** Which fetcher can read it: the adapter it came from. */
  source: 'slack' | 'local';
  name: string;
  /** Bytes, as the platform reports it (checked against MAX_IMPORT_BYTES before any download). */
  size?: number;
  /** Slack: the private download URL. Local: the file's path. */
  location: string;
}

/** Brings an attached file to a local path (a download for Slack); `release` removes any temporary copy. */
export interface FileFetcher {
  fetch(file: AttachedFile, maxBytes: number): Promise<{ path: string; release(): Promise<void> }>;
}
