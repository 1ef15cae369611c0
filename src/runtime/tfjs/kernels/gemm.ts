/**
 * C[M, N] = A[M, K] · Bᵀ where Bt is given row-major as [N, K]: every output is
 * a dot product of two contiguous rows, the access pattern plain JS runs
 * fastest. K is cut into blocks so that a block of A's row and of all of Bt's
 * rows stay in cache while they are reused.
 */
const K_BLOCK = 1024;

export function gemmABt(
  a: Float32Array,
  bt: Float32Array,
  m: number,
  n: number,
  k: number,
  c: Float32Array,
): void {
  c.fill(0, 0, m * n);
  for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
    const k1 = Math.min(k, k0 + K_BLOCK);
    for (let i = 0; i < m; i++) {
      const aRow = i * k;
      const cRow = i * n;
      let j = 0;
      // Two output columns at a time: each load of A feeds two products.
      for (; j + 1 < n; j += 2) {
        const b0 = j * k;
        const b1 = b0 + k;
        let s0 = 0;
        let s1 = 0;
        for (let p = k0; p < k1; p++) {
          const av = a[aRow + p];
          s0 += av * bt[b0 + p];
          s1 += av * bt[b1 + p];
        }
        c[cRow + j] += s0;
        c[cRow + j + 1] += s1;
      }
      if (j < n) {
        const b0 = j * k;
        let s0 = 0;
        for (let p = k0; p < k1; p++) s0 += a[aRow + p] * bt[b0 + p];
        c[cRow + j] += s0;
      }
    }
  }
}
