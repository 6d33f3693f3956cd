/**
 * Beta sampling from a uniform source, so tests and benchmarks can seed it. Gamma variates use
 * Marsaglia and Tsang's method (ACM TOMS 26(3), 2000); Beta(α, β) = X / (X + Y) with X ~ Gamma(α),
 * Y ~ Gamma(β).
 */

/** A deterministic uniform [0, 1) source (mulberry32), for tests, benchmarks and reproducible runs. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw in the open interval (0, 1): logarithms below must never see 0. */
function openUniform(random: () => number): number {
  for (;;) {
    const value = random();
    if (value > 0 && value < 1) return value;
  }
}

function standardNormal(random: () => number): number {
  const radius = Math.sqrt(-2 * Math.log(openUniform(random)));
  return radius * Math.cos(2 * Math.PI * random());
}

function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) {
    // Boost: Gamma(a) = Gamma(a + 1) × U^(1/a).
    return sampleGamma(shape + 1, random) * openUniform(random) ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(random);
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One draw from Beta(alpha, beta); both must be positive. */
export function sampleBeta(alpha: number, beta: number, random: () => number): number {
  if (!(alpha > 0 && beta > 0))
    throw new RangeError(`Beta parameters must be positive, got (${alpha}, ${beta})`);
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}
