import type { Config } from 'vega-lite';

/**
 * One visual theme for every Pulse chart. Specs are laid out for a ~560 px canvas and rasterised
 * at RENDER_SCALE, which gives ~1100 px PNGs: sharp in a Slack preview, text still readable when
 * Slack shrinks the image to the width of the message column.
 */

/** Family name inside the DejaVu TTF files the renderer loads; Vega measures text with it too. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** Total width in CSS pixels that each builder aims for (including axes and legends). */
export const CHART_WIDTH = 560;
export const RENDER_SCALE = 2;

/**
 * Okabe & Ito (2008), "Color Universal Design": distinguishable under the common forms of colour
 * blindness. Ordered for a white background: yellow and sky blue, the lightest, come last.
 */
export const OKABE_ITO = {
  blue: '#0072B2',
  orange: '#E69F00',
  bluishGreen: '#009E73',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  skyBlue: '#56B4E9',
  yellow: '#F0E442',
  black: '#000000',
} as const;

export const CATEGORY_PALETTE: string[] = Object.values(OKABE_ITO);

export const NEUTRAL_GREY = '#666666';

/** d3-format patterns. '$' is the currency symbol of the number locale set per chart. */
export const FORMATS = {
  count: ',.0f',
  currency: '$,.0f',
  compact: '~s',
  compactCurrency: '$~s',
  percent: '.0%',
} as const;

/**
 * Ticks 10^first … 10^last for a log axis written with a compact format, never below 1: d3's SI format
 * writes 0.1 as "100m", which reads as a hundred million.
 */
export function powersOfTen(firstExponent: number, lastExponent: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.max(0, firstExponent); e <= lastExponent; e++) ticks.push(10 ** e);
  return ticks;
}

const CURRENCY_SYMBOLS: Record<string, string> = {
  USD: '$',
  GBP: '£',
  EUR: '€',
  JPY: '¥',
  CNY: '¥',
  INR: '₹',
  AUD: 'A$',
  CAD: 'C$',
};

/** Symbol placed before amounts; an unknown ISO code is printed as the code itself ("CHF 1,200"). */
export function currencySymbol(currency: string): string {
  return CURRENCY_SYMBOLS[currency.toUpperCase()] ?? `${currency.toUpperCase()} `;
}

/** Axis-title suffix that states the unit, e.g. "Spend (GBP)". */
export function withUnit(label: string, unit: string | undefined): string {
  return unit ? `${label} (${unit})` : label;
}

/** Vega-Lite config shared by every chart; `currency` decides what the '$' format prints (nothing when absent). */
export function chartConfig(currency?: string): Config {
  return {
    font: CHART_FONT_FAMILY,
    background: 'white',
    padding: 12,
    locale: {
      number: { decimal: '.', thousands: ',', grouping: [3], currency: [currency ? currencySymbol(currency) : '', ''] },
    },
    title: { fontSize: 16, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 12, subtitleColor: NEUTRAL_GREY, offset: 10 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'bold', gridColor: '#e6e6e6', domainColor: '#888888', tickColor: '#888888' },
    header: { labelFontSize: 12, labelFontWeight: 'bold', titleFontSize: 12 },
    legend: { labelFontSize: 11, titleFontSize: 12, orient: 'top', direction: 'horizontal', symbolSize: 120 },
    range: { category: CATEGORY_PALETTE },
    view: { stroke: null },
    concat: { spacing: 28 },
  };
}
