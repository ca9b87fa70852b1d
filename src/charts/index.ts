/**
 * Charts for Slack: pure Vega-Lite spec builders per result type, and one PNG renderer.
 * Importing this module is cheap: the renderer loads vega, vega-lite and resvg on first use.
 */
export * from './theme.ts';
export * from './render.ts';
export * from './bar.ts';
export * from './segments.ts';
export * from './forecast.ts';
export * from './allocation.ts';
export * from './metric.ts';
export * from './clv.ts';
export * from './alert.ts';
