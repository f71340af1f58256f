/** One figure a benchmark reports. */
export interface Measurement {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
