export type HorizonUnit = 'd' | 'w' | 'm' | 'q';

export interface Horizon {
  amount: number;
  unit: HorizonUnit;
  /** Compact form for command lines: "8w", "90d", "3m", "1q". */
  label: string;
  /** The words it was read from: "next 8 weeks", "Q1". */
  text: string;
  /** Set when a named quarter ("Q3") was asked for. */
  quarter?: 1 | 2 | 3 | 4;
}

export interface Budget {
  amount: number;
  /** ISO 4217 code when the text names one ("€", "euros" → EUR). */
  currency?: string;
}

export interface Schedule {
  /** Five-field cron: minute hour day-of-month month day-of-week. */
  cron: string;
  description: string;
}

export interface SlackChannelRef {
  id?: string;
  name: string;
}

export interface Slots {
  metric?: string;
  horizon?: Horizon;
  k?: number;
  budget?: Budget;
  channels?: string[];
  country?: string;
  schedule?: Schedule;
  timezone?: string;
  slackChannel?: SlackChannelRef;
  scheduleId?: number;
  /** The `metric` command's metric: any order metric, spend or roas (`metric` above is what `forecast` takes). */
  metricName?: string;
  /** A past period in words the `metric` command reads: "last week", "november 2011", "Q4 2011", "2011-11-01..2011-11-30". */
  period?: string;
  /** A breakdown for `metric … by=`: country, product, customer, segment, channel, day, week, month. */
  by?: string;
  /** What to compare with, said in words ("vs last year", "year over year", "no comparison"). */
  compare?: CompareMode;
  /** "top 10", "5 best": how many rows of a breakdown or of a segment. */
  top?: number;
  /** An RFM segment named in the text, as `segment show` spells it ("At risk", "Champions"). */
  segmentName?: string;
  /** Return on spend per channel was asked ("which channel has the best ROI"), for `allocate roi`. */
  roi?: boolean;
  /** A look-ahead for `clv horizon=` ("over the next 6 months" → 6m); only future phrases count. */
  lookahead?: string;
  /** A file was asked for (export, csv, download). */
  export?: boolean;
  /** How past forecasts did was asked (`forecast accuracy`). */
  accuracy?: boolean;
  /** A weekly budget ("10k a week"): `allocate … period=week`. */
  allocationPeriod?: 'week';
  /** Channels whose spend stays as it is ("keep email where it is"): `allocate … lock=`. */
  locked?: string[];
  /** "even if it scores worse": `retrain intents force`. */
  force?: boolean;
  /** A monthly discount rate for `clv discount=` ("1%"). */
  discount?: string;
  /** A first day for `segment since=` (YYYY-MM-DD). */
  since?: string;
  /** How many members of a segment or customers to list ("15 names", "give me 30"): `top=`. */
  members?: number;
  /** The day an analysis looks from: `segment|clv as_of=`. */
  asOf?: string;
  /** k-means was asked for: `segment method=kmeans`. */
  kmeans?: boolean;
  /** Per-channel bounds on a split: `allocate … min.<channel>= max.<channel>=`. */
  bounds?: Array<{ channel: string; kind: 'min' | 'max'; amount: number }>;
  /** The one command a question about using Pulse names ("how do I ask for a forecast?" → forecast). */
  helpTopic?: string;
}

export type CompareMode = 'previous' | 'last_year' | 'none';

/** What the data knows, so names can be matched against it. */
export interface SlotContext {
  channels?: string[];
  countries?: string[];
  /** Default timezone, reported when a schedule is found and the text names none. */
  timezone?: string;
}

/** A text with the spans already read by earlier extractors blanked out. */
export class MaskedText {
  constructor(public text: string) {}

  /** Blank out a match so later extractors do not read it again ("$3m" is not a 3-month horizon). */
  consume(start: number, length: number): void {
    this.text = this.text.slice(0, start) + ' '.repeat(length) + this.text.slice(start + length);
  }
}
