/**
 * What changed between two segmentation runs, compared customer by customer through segment
 * NAMES (cluster numbers are arbitrary from one run to the next; names are not).
 */
export interface Membership {
  customerId: string;
  segment: string;
}

export interface Movement {
  from: string;
  to: string;
  customers: number;
}

export interface SizeChange {
  segment: string;
  before: number;
  after: number;
  /** (after − before) / before; null when the segment did not exist before. */
  relativeChange: number | null;
}

export interface SegmentChanges {
  /** Customers present in both runs. */
  compared: number;
  /** Of those, how many kept their segment name. */
  stayed: number;
  /** Customers in the current run only / the previous run only. */
  arrived: number;
  left: number;
  /** Moves between different names, largest first (ties by name). */
  movements: Movement[];
  /** Every segment name of either run, by |relative change| largest first. */
  sizes: SizeChange[];
}

export function compareSegmentRuns(previous: readonly Membership[], current: readonly Membership[]): SegmentChanges {
  const before = new Map(previous.map((m) => [m.customerId, m.segment]));
  const moves = new Map<string, Movement>();
  let compared = 0;
  let stayed = 0;
  for (const { customerId, segment } of current) {
    const earlier = before.get(customerId);
    if (earlier === undefined) continue;
    compared++;
    if (earlier === segment) {
      stayed++;
      continue;
    }
    const key = `${earlier}\u0000${segment}`;
    const move = moves.get(key) ?? { from: earlier, to: segment, customers: 0 };
    move.customers++;
    moves.set(key, move);
  }
  const movements = [...moves.values()].sort(
    (a, b) => b.customers - a.customers || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
  return {
    compared,
    stayed,
    arrived: current.length - compared,
    left: previous.length - compared,
    movements,
    sizes: sizeChanges(countBySegment(previous), countBySegment(current)),
  };
}

function countBySegment(memberships: readonly Membership[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { segment } of memberships) counts.set(segment, (counts.get(segment) ?? 0) + 1);
  return counts;
}

function sizeChanges(before: Map<string, number>, after: Map<string, number>): SizeChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const changes = names.map((segment): SizeChange => {
    const was = before.get(segment) ?? 0;
    const is = after.get(segment) ?? 0;
    return { segment, before: was, after: is, relativeChange: was === 0 ? null : (is - was) / was };
  });
  const magnitude = (c: SizeChange) => (c.relativeChange === null ? Infinity : Math.abs(c.relativeChange));
  return changes.sort((a, b) => magnitude(b) - magnitude(a) || a.segment.localeCompare(b.segment));
}
