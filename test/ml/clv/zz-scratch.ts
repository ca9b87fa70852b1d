import { simulateCustomers, fitBgNbd } from '../../../src/ml/clv/index.ts';
for (const [n, seed] of [[25000, 2024], [25000, 7], [1000000, 2024]]) {
const data = simulateCustomers({ customers: n, bgNbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, observationLength: 39, acquisitionPeriod: 12, resolution: 1 / 7, seed });
let f; let t = 0; for (let k = 0; k < 2; k++) { const t0 = performance.now(); f = fitBgNbd(data); t = performance.now() - t0; }
console.log(n, t.toFixed(0), f.evaluations, Object.values(f.params).map((v) => v.toPrecision(6)).join(' '));
}
