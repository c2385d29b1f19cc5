import { maxPool2d, maxUnpool2d, maxPool1d, maxUnpool1d, unpoolOutputSizeRange } from 'poolcheck';

const x = { shape: [1, 1, 4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i + 1) };
const { values, indices } = maxPool2d(x, { kernelSize: 2, stride: 2 });
console.log(values.data, indices.data);
console.log(maxUnpool2d(values, indices, { kernelSize: 2 }).data);

const odd = { shape: [1, 1, 65], data: Float32Array.from({ length: 65 }, (_, i) => i % 7) };
const pooled = maxPool1d(odd, { kernelSize: 2 });
console.log(pooled.values.shape, unpoolOutputSizeRange(32, { kernelSize: 2, stride: 2 }));
console.log(maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, outputSize: [65] }).shape);
try {
  maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, outputSize: [66] });
} catch (error) {
  console.log(`${error.kind}: ${error.message}`);
}
