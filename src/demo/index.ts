export { seedDemo, type DemoSeedSummary } from './seed.ts';
export { generateDemoOrders, type DemoCustomer, type DemoOrderLine } from './customers.ts';
export { generateDemoMedia, baselineRevenue, type DemoMedia } from './media.ts';
export * from './params.ts';
