import path from 'node:path';
import { loadSite } from '../src/config/load.ts';
import type { Site } from '../src/config/types.ts';

/** The one median (the speed audit's). */
export { median } from '../audits/speed.ts';

/** One figure a benchmark reports. */
export interface Measurement {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export const round = (n: number) => Math.round(n * 100) / 100;

export const ROOT = path.resolve(import.meta.dirname, '..');

/** sites/acme.yml, without its API keys. */
export function acme(): Site {
  const loaded = loadSite(path.join(ROOT, 'sites', 'acme.yml'), { requireKey: false });
  if (!loaded.ok) throw new Error('sites/acme.yml does not load');
  return loaded.site;
}

/** The site against a private sandbox store (test/support/sandbox-instance.ts) at `url`. */
export const onStore = (site: Site, url: string): Site => ({ ...site, staging: { ...site.staging, url, sandbox: false } });

/** acme's carts repeated until there are `cases` campaigns of one cart each: pure case throughput. */
export function acmeCases(cases: number): Site {
  const site = acme();
  const carts = site.campaigns.flatMap((c) => c.carts.map((cart) => ({ c, cart })));
  const campaigns = Array.from({ length: cases }, (_, i) => {
    const { c, cart } = carts[i % carts.length];
    return { ...c, name: `${c.name} #${i}`, carts: [cart] };
  });
  return { ...site, campaigns };
}
