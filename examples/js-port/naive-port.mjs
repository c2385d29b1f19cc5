// A first attempt at porting max_pool2d(return_indices=True) to JavaScript, as many start:
// NCHW, padding, no dilation, no ceil mode. It has one bug PyTorch users would trip over:
// `>=` keeps the LAST of equal maxima, where PyTorch keeps the first.
// Try it: poolcheck verify --impl examples/js-port/naive-port.mjs

export const capabilities = {
  ops: ['maxPool2d'],
  dtypes: ['float32'],
  unbatched: false,
  dilation: false,
  ceilMode: false,
  padding: 'per-axis',
  errors: 'none',
};

const pair = (v, fallback) => (v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : v.length === 1 ? [v[0], v[0]] : v);

export function maxPool2d(x, options) {
  const [N, C, H, W] = x.shape;
  const [kH, kW] = pair(options.kernelSize);
  const [sH, sW] = options.stride === undefined || options.stride.length === 0 ? [kH, kW] : pair(options.stride);
  const [pH, pW] = pair(options.padding, 0);
  const oH = Math.floor((H + 2 * pH - kH) / sH) + 1;
  const oW = Math.floor((W + 2 * pW - kW) / sW) + 1;
  const values = new Float32Array(N * C * oH * oW);
  const indices = new Int32Array(N * C * oH * oW);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++) {
        let best = -Infinity;
        let bestIndex = Math.max(oh * sH - pH, 0) * W + Math.max(ow * sW - pW, 0);
        for (let h = Math.max(oh * sH - pH, 0); h < Math.min(oh * sH - pH + kH, H); h++) {
          for (let w = Math.max(ow * sW - pW, 0); w < Math.min(ow * sW - pW + kW, W); w++) {
            const v = x.data[base + h * W + w];
            if (v >= best || Number.isNaN(v)) { best = v; bestIndex = h * W + w; } // the bug: >=
          }
        }
        values[o] = best;
        indices[o++] = bestIndex;
      }
    }
  }
  const shape = [N, C, oH, oW];
  return { values: { shape, data: values }, indices: { shape, data: indices } };
}
