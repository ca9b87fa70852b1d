/**
 * Serialises Slack calls per channel so a job's message is posted before it is updated and updates
 * land in order, even when the Web API client is waiting out a 429 Retry-After.
 */
export class ChannelQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(channel: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(channel) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(channel, tail);
    void tail.then(() => {
      if (this.tails.get(channel) === tail) this.tails.delete(channel);
    });
    return result;
  }
}
