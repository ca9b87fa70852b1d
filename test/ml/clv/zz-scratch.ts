import { summariseTransactions, DAY_MS } from '../../../src/ml/clv/index.ts';
import { createRandom } from '../../../src/ml/random.ts';
const random = createRandom(99);
const customer: number[] = [], time: number[] = [], amount: number[] = [];
const start = Date.parse('2023-01-01T00:00:00Z');
for (let c = 0; c < 1_000_000; c++) { const p = 1 + Math.floor(random() * 6); for (let k = 0; k < p; k++) { customer.push(100_000 + c); time.push(start + Math.floor(random() * 365 * DAY_MS)); amount.push(5 + random() * 100); } }
const scust = customer.map(String);
for (let k = 0; k < 3; k++) {
  let t0 = performance.now(); summariseTransactions({ customer, time, amount }, { asOf: start + 364 * DAY_MS }); console.log('num', performance.now() - t0);
  t0 = performance.now(); summariseTransactions({ customer: scust, time, amount }, { asOf: start + 364 * DAY_MS }); console.log('str', performance.now() - t0);
}
